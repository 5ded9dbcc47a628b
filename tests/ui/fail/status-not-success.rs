#[cloudwire::api_response(status = 404)]
struct Resp {}

fn main() {}
