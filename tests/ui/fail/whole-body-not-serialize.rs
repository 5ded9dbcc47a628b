#[cloudwire::api_response]
struct Resp {}

struct Item;

#[cloudwire::endpoint(PUT, "/v1/items", response = Resp)]
struct Req {
    #[cloudwire(body)]
    items: Vec<Item>,
}

fn main() {}
