#[cloudwire::api_response(next_link = "links.next")]
struct Page {
    #[cloudwire(items)]
    items: Vec<String>,
}

#[cloudwire::endpoint(GET, "/v3/groups", response = Page, paginated = true)]
struct ListGroups {}

fn main() {}
