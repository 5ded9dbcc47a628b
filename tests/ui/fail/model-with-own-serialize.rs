#[cloudwire::model]
#[derive(Debug, cloudwire::serde::Serialize)]
struct User {
    name: String,
}

fn main() {}
