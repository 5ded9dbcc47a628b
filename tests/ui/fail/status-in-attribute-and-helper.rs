#[cloudwire::api_response(status = 201)]
#[cloudwire(status = 202)]
struct Resp {}

fn main() {}
