#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, response = Resp)]
struct Req {}

fn main() {}
