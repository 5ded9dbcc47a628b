#[cloudwire::api_response(status = [200, 201, 200])]
struct Resp {}

fn main() {}
