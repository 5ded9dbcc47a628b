#[derive(cloudwire::ServiceError)]
enum IamError {
    #[cloudwire(code = "IAM.0011")]
    InvalidBody,
    #[cloudwire(code = "IAM.0011")]
    AlsoInvalid,
    #[cloudwire(other)]
    Other,
}

fn main() {}
