#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(POST, "/v1/items", response = Resp)]
#[derive(Debug, serde::Serialize)]
struct Req {
    name: String,
}

fn main() {}
