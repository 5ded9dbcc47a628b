// The one error is the status; the `#[serde]` attributes add none.
#[cloudwire::api_response(status = 500)]
#[serde(rename_all = "camelCase")]
struct Resp {
    #[serde(default)]
    user_name: String,
}

fn main() {}
