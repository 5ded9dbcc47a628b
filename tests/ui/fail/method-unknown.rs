#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(FETCH, "/v1/items", response = Resp)]
struct Req {}

fn main() {}
