#[derive(cloudwire::ServiceError)]
#[cloudwire(prefix = "IAM.")]
enum IamError {
    #[cloudwire(code = "IAM.0011")]
    InvalidBody,
    #[cloudwire(other)]
    Other,
}

fn main() {}
