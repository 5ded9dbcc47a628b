#[derive(cloudwire::ServiceError)]
enum IamError<T> {
    #[cloudwire(code = "IAM.0011")]
    InvalidBody,
    #[cloudwire(other)]
    Other(T),
}

fn main() {}
