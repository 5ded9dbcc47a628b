#[cloudwire::api_response]
struct Resp {
    #[cloudwire(body)]
    items: Vec<String>,
    count: u32,
}

fn main() {}
