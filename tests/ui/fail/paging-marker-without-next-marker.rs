#[cloudwire::api_response]
struct Page {
    #[cloudwire(items)]
    items: Vec<String>,
}

#[cloudwire::endpoint(GET, "/v1/items", response = Page)]
struct ListItems {
    #[cloudwire(query, marker)]
    marker: Option<String>,
}

fn main() {}
