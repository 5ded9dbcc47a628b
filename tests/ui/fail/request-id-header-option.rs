#[cloudwire::api_response]
struct Resp {
    #[cloudwire(header = "X-Request-Id")]
    request_id: String,
}

fn main() {}
