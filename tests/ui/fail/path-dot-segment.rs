#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v3/users/../projects", response = Resp)]
struct Req {}

fn main() {}
