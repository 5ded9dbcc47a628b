#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items", response = Resp)]
#[serde(rename_all = "camelCase")]
struct Req {
    #[cloudwire(query)]
    page_size: u32,
}

fn main() {}
