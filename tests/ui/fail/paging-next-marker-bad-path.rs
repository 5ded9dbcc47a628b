#[cloudwire::api_response(next_marker = "page_info..next_marker")]
struct Page {
    #[cloudwire(items)]
    items: Vec<String>,
}

fn main() {}
