#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(POST, "/v1/items", response = Resp)]
struct Req {
    #[cloudwire(body)]
    item: String,
    name: String,
}

fn main() {}
