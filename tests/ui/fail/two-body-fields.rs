#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(POST, "/v1/items", response = Resp)]
struct Req {
    #[cloudwire(body)]
    item: String,
    #[cloudwire(body)]
    other: String,
}

fn main() {}
