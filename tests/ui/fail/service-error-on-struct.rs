#[derive(cloudwire::ServiceError)]
struct IamError {
    code: String,
}

fn main() {}
