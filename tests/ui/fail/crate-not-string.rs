#[cloudwire::api_response(crate = 5)]
struct Resp {}

fn main() {}
