#[derive(cloudwire::ServiceError)]
enum IamError {
    #[cloudwire(code = "IAM.0011")]
    InvalidBody(String),
    #[cloudwire(other)]
    Other,
}

fn main() {}
