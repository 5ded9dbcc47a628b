#[cloudwire::model(rename_all = "camelCase")]
struct User {
    user_name: String,
}

fn main() {}
