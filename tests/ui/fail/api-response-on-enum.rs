#[cloudwire::api_response]
enum Resp {
    A,
}

fn main() {}
