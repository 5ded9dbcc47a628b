#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(POST, "/v1/items", response = Resp)]
struct Req {
    #[cloudwire(form)]
    name: String,
}

fn main() {}
