#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items", response = Resp, max_attempts)]
struct Req {}

fn main() {}
