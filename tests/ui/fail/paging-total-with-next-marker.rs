#[cloudwire::api_response(next_marker = "next")]
struct Page {
    #[cloudwire(items)]
    items: Vec<String>,
    #[cloudwire(total)]
    count: u64,
}

fn main() {}
