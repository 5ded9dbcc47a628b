#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/{project_id}/servers", response = Resp)]
struct Req {
    #[cloudwire(header = "X-Project-Id")]
    project_id: String,
}

fn main() {}
