#[derive(cloudwire::ServiceError)]
enum IamError {
    #[cloudwire(code = "IAM.0011")]
    InvalidBody,
    #[cloudwire(other = true)]
    Other,
}

fn main() {}
