#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items/{id}", response = Resp)]
struct Req {
    #[cloudwire(path = "")]
    id: String,
}

fn main() {}
