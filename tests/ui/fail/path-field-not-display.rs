#[cloudwire::api_response]
struct Resp {}

struct ItemId(u64);

#[cloudwire::endpoint(GET, "/v1/items/{id}", response = Resp)]
struct Req {
    #[cloudwire(path)]
    id: ItemId,
}

fn main() {}
