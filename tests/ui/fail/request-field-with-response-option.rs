#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items", response = Resp)]
struct Req {
    #[cloudwire(request_id)]
    request_id: String,
}

fn main() {}
