#[cloudwire::api_response]
struct Resp {
    #[cloudwire(query)]
    limit: u32,
}

fn main() {}
