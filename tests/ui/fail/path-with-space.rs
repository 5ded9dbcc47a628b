#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/my items", response = Resp)]
struct Req {}

fn main() {}
