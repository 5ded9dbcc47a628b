#[cloudwire::api_response]
struct Resp {
    #[cloudwire(cookie)]
    session: String,
}

fn main() {}
