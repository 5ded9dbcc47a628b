#[derive(cloudwire::ServiceError)]
enum IamError {
    #[cloudwire(code = "")]
    InvalidBody,
    #[cloudwire(other)]
    Other,
}

fn main() {}
