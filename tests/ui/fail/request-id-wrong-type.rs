#[cloudwire::api_response]
struct Resp {
    #[cloudwire(request_id)]
    request_id: u32,
}

fn main() {}
