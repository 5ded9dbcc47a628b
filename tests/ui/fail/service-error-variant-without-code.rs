#[derive(cloudwire::ServiceError)]
enum IamError {
    InvalidBody,
    #[cloudwire(other)]
    Other,
}

fn main() {}
