// The one error is the status: the endpoint naming this response, and code
// calling both, add none.
use cloudwire::http::{HeaderMap, StatusCode};
use cloudwire::{ApiResponse, Endpoint, RawResponse};

#[cloudwire::api_response(status = 404)]
struct Resp {
    id: String,
}

#[cloudwire::endpoint(GET, "/v1/items", response = Resp)]
struct Req {}

fn main() {
    let _ = Req {}.to_request();
    let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), "{}");
    let _ = Resp::from_raw(raw).map(|r| r.id);
}
