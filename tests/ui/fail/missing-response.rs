#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items")]
struct Req {}

fn main() {}
