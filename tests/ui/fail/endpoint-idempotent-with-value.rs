#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(POST, "/v1/items", response = Resp, idempotent = true)]
struct Req {
    name: String,
}

fn main() {}
