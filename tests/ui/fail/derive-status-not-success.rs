#[derive(cloudwire::ApiResponse)]
#[cloudwire(status = 404)]
struct Resp {}

fn main() {}
