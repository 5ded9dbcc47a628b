#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(POST, "/v1/items", response = Resp, status = 201)]
struct Req {}

fn main() {}
