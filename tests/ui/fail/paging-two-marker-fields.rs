#[cloudwire::api_response(next_marker = "page_info.next_marker")]
struct Page {
    #[cloudwire(items)]
    items: Vec<String>,
}

#[cloudwire::endpoint(GET, "/v1/items", response = Page)]
struct ListItems {
    #[cloudwire(query, marker)]
    marker: Option<String>,
    #[cloudwire(query = "start", marker)]
    start: Option<String>,
}

fn main() {}
