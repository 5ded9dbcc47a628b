// An endpoint with an error is still paginated, so its use adds no error.
#[cloudwire::api_response(next_marker = "next")]
struct Page {
    #[cloudwire(items)]
    items: Vec<String>,
}

#[cloudwire::endpoint(GET, "/v1/items", response = Page)]
struct ListItems {
    #[cloudwire(query, marker)]
    marker: Option<String>,
    #[cloudwire(query, limit, per_page)]
    limit: Option<u32>,
}

async fn run(client: cloudwire::Client) {
    let _ = client.paginate(ListItems { marker: None, limit: None }).page_size(5).collect_all().await;
}

fn main() {}
