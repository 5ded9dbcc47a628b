#[cloudwire::api_response]
struct Resp {
    #[cloudwire(status)]
    status: String,
}

fn main() {}
