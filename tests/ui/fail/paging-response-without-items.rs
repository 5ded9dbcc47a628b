#[cloudwire::api_response]
struct Page {
    items: Vec<String>,
}

#[cloudwire::endpoint(GET, "/v1/items", response = Page)]
struct ListItems {
    #[cloudwire(query, limit)]
    limit: Option<u32>,
}

fn main() {}
