#[cloudwire::api_response(total = "count")]
struct Page {
    #[cloudwire(items)]
    items: Vec<String>,
}

fn main() {}
