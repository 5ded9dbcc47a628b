#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items?limit=10", response = Resp)]
struct Req {}

fn main() {}
