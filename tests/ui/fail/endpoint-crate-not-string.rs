#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items", response = Resp, crate = cloudwire)]
struct Req {}

fn main() {}
