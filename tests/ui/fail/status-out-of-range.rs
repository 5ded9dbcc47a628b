#[cloudwire::api_response(status = 70000)]
struct Resp {}

fn main() {}
