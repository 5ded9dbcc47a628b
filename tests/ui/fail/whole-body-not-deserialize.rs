struct Item;

#[cloudwire::api_response]
struct Resp {
    #[cloudwire(body)]
    items: Vec<Item>,
}

fn main() {}
