#[cloudwire::api_response(rename_all = "camelCase")]
struct Resp {}

fn main() {}
