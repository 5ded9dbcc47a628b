// The response's own error is the only one: the endpoint that pages by it
// and the code that paginates it add none.
#[cloudwire::api_response(next_marker = "next", total = content_range)]
struct Page {
    #[cloudwire(items)]
    items: Vec<String>,
}

#[cloudwire::endpoint(GET, "/v1/items", response = Page)]
struct ListItems {
    #[cloudwire(query, marker)]
    marker: Option<String>,
    #[cloudwire(query, limit)]
    limit: Option<u32>,
}

async fn run(client: cloudwire::Client) {
    let _ = client.paginate(ListItems { marker: None, limit: None }).page_size(5).collect_all().await;
}

fn main() {}
