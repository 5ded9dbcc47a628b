#[derive(cloudwire::ServiceError)]
enum IamError {
    #[cloudwire(status = 400)]
    InvalidBody,
    #[cloudwire(other)]
    Other,
}

fn main() {}
