#[cloudwire::api_response]
struct Page {
    #[cloudwire(items)]
    items: Vec<String>,
    #[cloudwire(marker)]
    next: Option<String>,
}

fn main() {}
