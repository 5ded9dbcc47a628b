#[cloudwire::api_response]
struct Resp {
    item: Missing,
    #[cloudwire(request_id)]
    request_id: Option<Missing>,
}

fn main() {}
