#[cloudwire::api_response]
struct Resp {
    #[cloudwire(header = "X-Subject-Token")]
    token: String,
    #[cloudwire(header = "X-Subject-Token")]
    token_again: String,
}

fn main() {}
