#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items", response = Resp)]
struct Req {
    #[cloudwire]
    limit: u32,
}

fn main() {}
