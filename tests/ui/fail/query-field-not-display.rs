#[cloudwire::api_response]
struct Resp {}

struct Filter;

#[cloudwire::endpoint(GET, "/v1/items", response = Resp)]
struct Req {
    #[cloudwire(query)]
    filter: Filter,
}

fn main() {}
