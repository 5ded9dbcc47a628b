#[derive(cloudwire::ServiceError)]
enum IamError {
    #[cloudwire(code = "IAM.0011", other)]
    InvalidBody,
}

fn main() {}
