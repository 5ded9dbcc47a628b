#[derive(cloudwire::ServiceError)]
enum ItemError {
    #[cloudwire(code = "ITEM.0001")]
    Missing,
    #[cloudwire(other)]
    Other,
}

#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(GET, "/v1/items", response = Resp, error = ItemError, error = ItemError)]
struct Req {}

fn main() {}
