#[cloudwire::api_response]
struct Resp {
    #[cloudwire(request_id)]
    request_id: Option<String>,
    #[cloudwire(request_id)]
    trace: Option<String>,
}

fn main() {}
