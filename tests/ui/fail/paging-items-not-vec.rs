#[cloudwire::api_response(next_marker = "next")]
struct Page {
    #[cloudwire(items)]
    items: String,
}

fn main() {}
