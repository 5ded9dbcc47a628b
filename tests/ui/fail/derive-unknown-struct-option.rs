#[derive(cloudwire::ApiResponse)]
#[cloudwire(status = 201, rename_all = "camelCase")]
struct Resp {}

fn main() {}
