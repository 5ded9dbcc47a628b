#[cloudwire::model]
#[serde(crate = "cloudwire::serde", rename_all = "camelCase")]
struct User {
    user_name: String,
}

fn main() {}
