#[derive(cloudwire::ServiceError)]
enum IamError {
    #[cloudwire(code = "IAM.0011")]
    InvalidBody,
    #[cloudwire(other)]
    Other(String, u16),
}

fn main() {}
