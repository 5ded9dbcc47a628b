#[cloudwire::api_response]
struct Page {
    items: Vec<String>,
}

#[cloudwire::endpoint(GET, "/v1/items", response = Page)]
struct ListItems {}

async fn run(client: cloudwire::Client) {
    let _ = client.paginate(ListItems {});
}

fn main() {}
