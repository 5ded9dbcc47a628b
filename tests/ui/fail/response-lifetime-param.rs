#[cloudwire::api_response]
struct Resp<'a> {
    name: &'a str,
}

fn main() {}
