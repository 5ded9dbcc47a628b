#[cloudwire::api_response]
struct Resp {}

// cloudwire writes no XML from fields: the body is given as text.
#[cloudwire::endpoint(PUT, "/v1/objects/{name}", response = Resp, content_type = "application/xml")]
struct PutObject {
    #[cloudwire(path)]
    name: String,
    title: String,
}

fn main() {}
