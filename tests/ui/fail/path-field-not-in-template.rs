#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items", response = Resp)]
struct Req {
    #[cloudwire(path)]
    item_id: String,
}

fn main() {}
