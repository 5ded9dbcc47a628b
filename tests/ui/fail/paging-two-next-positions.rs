#[cloudwire::api_response(next_marker = "page_info.next_marker", next_link = "links.next")]
struct Page {
    #[cloudwire(items)]
    items: Vec<String>,
}

fn main() {}
