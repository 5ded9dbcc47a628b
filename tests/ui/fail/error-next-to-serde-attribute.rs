#[cloudwire::api_response]
struct Resp {}

// The one error is the method; the `#[serde]` attributes add none.
#[cloudwire::endpoint(post, "/v1/items", response = Resp)]
#[serde(rename_all = "camelCase")]
struct Req {
    #[serde(rename = "displayName")]
    name: String,
}

fn main() {}
