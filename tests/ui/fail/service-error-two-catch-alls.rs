#[derive(cloudwire::ServiceError)]
enum IamError {
    #[cloudwire(other)]
    Other,
    #[cloudwire(other)]
    Unknown(String),
}

fn main() {}
