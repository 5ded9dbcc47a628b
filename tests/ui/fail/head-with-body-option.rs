#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(HEAD, "/v1/items", response = Resp)]
struct Req {
    #[cloudwire(body)]
    item: String,
}

fn main() {}
