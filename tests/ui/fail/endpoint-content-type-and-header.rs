#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(POST, "/v1/items", response = Resp, content_type = "application/json;charset=UTF-8")]
struct Req {
    #[cloudwire(header = "Content-Type")]
    content_type: String,
    name: String,
}

fn main() {}
