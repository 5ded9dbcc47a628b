#[cloudwire::api_response]
struct Page {
    #[cloudwire(items)]
    items: Vec<String>,
}

#[cloudwire::endpoint(GET, "/v3/items", response = Page)]
struct ListItems {
    #[cloudwire(query, page)]
    page: Option<u32>,
    #[cloudwire(query, limit)]
    limit: Option<u32>,
    #[cloudwire(query, per_page)]
    per_page: Option<u32>,
}

fn main() {}
