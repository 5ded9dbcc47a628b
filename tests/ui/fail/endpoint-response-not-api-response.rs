struct NotAResponse {
    pub id: String,
}

#[cloudwire::endpoint(GET, "/v1/items", response = NotAResponse)]
struct Req {}

fn main() {}
