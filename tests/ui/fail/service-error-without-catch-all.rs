#[derive(cloudwire::ServiceError)]
enum IamError {
    #[cloudwire(code = "IAM.0011")]
    InvalidBody,
}

fn main() {}
