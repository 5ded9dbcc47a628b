#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(post, "/v1/items", response = Resp)]
struct Req {}

fn main() {}
