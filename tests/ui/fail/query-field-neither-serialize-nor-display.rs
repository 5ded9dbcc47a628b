#[cloudwire::api_response]
struct Resp {}

struct Filter {
    name: String,
}

#[cloudwire::endpoint(GET, "/v1/items", response = Resp)]
struct Req {
    #[cloudwire(query)]
    filter: Option<Filter>,
}

fn main() {}
