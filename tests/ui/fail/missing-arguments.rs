#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint]
struct Req {}

fn main() {}
