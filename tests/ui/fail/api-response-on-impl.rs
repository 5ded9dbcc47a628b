struct Resp {}

#[cloudwire::api_response]
impl Resp {}

fn main() {}
