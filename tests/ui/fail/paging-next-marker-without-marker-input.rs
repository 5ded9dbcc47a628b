#[cloudwire::api_response(next_marker = "page_info.next_marker")]
struct Page {
    #[cloudwire(items)]
    items: Vec<String>,
}

#[cloudwire::endpoint(GET, "/v1/items", response = Page)]
struct ListItems {
    #[cloudwire(query, limit)]
    limit: Option<u32>,
}

async fn run(client: cloudwire::Client) {
    let _ = client.paginate(ListItems { limit: None }).collect_all().await;
}

fn main() {}
