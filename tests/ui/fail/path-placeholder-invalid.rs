#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items/{item-id}", response = Resp)]
struct Req {}

fn main() {}
