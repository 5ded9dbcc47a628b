#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items", response = Resp, timeout = 30)]
struct Req {}

fn main() {}
