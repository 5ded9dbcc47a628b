#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items/{item_id", response = Resp)]
struct Req {
    #[cloudwire(path)]
    item_id: String,
}

fn main() {}
