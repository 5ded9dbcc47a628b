#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items", response = Resp)]
struct Req {
    #[cloudwire(query)]
    #[serde(rename = "pageSize")]
    page_size: u32,
}

fn main() {}
