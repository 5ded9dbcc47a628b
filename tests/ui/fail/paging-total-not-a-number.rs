#[cloudwire::api_response]
struct Page {
    #[cloudwire(items)]
    items: Vec<String>,
    #[cloudwire(total)]
    total: String,
}

fn main() {}
