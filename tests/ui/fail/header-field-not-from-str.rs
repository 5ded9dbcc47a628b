struct Token;

#[cloudwire::api_response]
struct Resp {
    #[cloudwire(header = "X-Subject-Token")]
    token: Token,
}

fn main() {}
