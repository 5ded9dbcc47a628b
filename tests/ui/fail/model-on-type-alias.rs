#[cloudwire::model]
type Body = Vec<u8>;

fn main() {}
