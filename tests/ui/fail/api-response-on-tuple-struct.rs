#[cloudwire::api_response]
struct Resp(String);

fn main() {}
