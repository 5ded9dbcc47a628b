#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items", response = Resp)]
struct Req {
    #[cloudwire(header = "X Project Id")]
    project_id: String,
}

fn main() {}
