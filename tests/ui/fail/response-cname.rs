#[cloudwire::api_response]
struct Resp {
    #[cloudwire(cname)]
    store_name: String,
}

fn main() {}
