#[cloudwire::api_response]
struct Resp {
    #[cloudwire(headers)]
    headers: Vec<String>,
}

fn main() {}
