#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET)]
struct Req {}

fn main() {}
