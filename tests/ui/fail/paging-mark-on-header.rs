#[cloudwire::api_response]
struct Page {
    #[cloudwire(items)]
    items: Vec<String>,
}

#[cloudwire::endpoint(GET, "/v1/items", response = Page)]
struct ListItems {
    #[cloudwire(header = "X-Limit", limit)]
    limit: Option<u32>,
}

fn main() {}
