#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint("/v1/items", GET, response = Resp)]
struct Req {}

fn main() {}
