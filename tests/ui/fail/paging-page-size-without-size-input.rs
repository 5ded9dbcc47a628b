#[cloudwire::api_response(next_marker = "next")]
struct Page {
    #[cloudwire(items)]
    items: Vec<String>,
}

#[cloudwire::endpoint(GET, "/v1/items", response = Page)]
struct ListItems {
    #[cloudwire(query, marker)]
    marker: Option<String>,
}

async fn run(client: cloudwire::Client) {
    let _ = client.paginate(ListItems { marker: None }).page_size(10);
}

fn main() {}
