#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(POST, "/v1/items", response = Resp, content_type = application/json)]
struct Req {
    name: String,
}

fn main() {}
