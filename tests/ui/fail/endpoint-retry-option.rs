#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items", response = Resp, retries = 5)]
struct Req {}

fn main() {}
