#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items", response = Resp)]
struct Req {
    #[cloudwire(query, header = "X-Limit")]
    limit: u32,
}

fn main() {}
