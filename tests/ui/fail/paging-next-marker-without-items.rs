#[cloudwire::api_response(next_marker = "page_info.next_marker")]
struct Page {
    items: Vec<String>,
}

fn main() {}
