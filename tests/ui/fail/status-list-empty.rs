#[cloudwire::api_response(status = [])]
struct Resp {}

fn main() {}
