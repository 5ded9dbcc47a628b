#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(POST, "/v1/items", response = Resp)]
struct Req {
    #[cloudwire(skip = true)]
    cache: u32,
}

fn main() {}
