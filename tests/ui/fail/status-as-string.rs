#[cloudwire::api_response(status = "201")]
struct Resp {}

fn main() {}
