// A response read entirely from the status line and headers: the body, even
// one that is not JSON, is never parsed.
#![deny(warnings)]
use cloudwire::http::{HeaderMap, HeaderValue, StatusCode};
use cloudwire::{ApiResponse, RawResponse, RequestId};

#[cloudwire::api_response(status = 201)]
struct TokenCreated {
    #[cloudwire(header = "X-Subject-Token")]
    token: String,
    #[cloudwire(header = "X-Expires-In")]
    expires_in: Option<u64>,
    #[cloudwire(header = "Retry-After")]
    retry_after: Option<u32>,
    #[cloudwire(request_id)]
    request_id: RequestId,
    #[cloudwire(status)]
    status: StatusCode,
    #[cloudwire(headers)]
    headers: HeaderMap,
}

#[derive(cloudwire::ApiResponse)]
struct StatusOnly {
    #[cloudwire(status)]
    code: u16,
    #[cloudwire(request_id)]
    request_id: Option<String>,
}

fn main() {
    let mut headers = HeaderMap::new();
    headers.insert("x-subject-token", HeaderValue::from_static("tok"));
    headers.insert("x-expires-in", HeaderValue::from_static("3600"));
    headers.insert("x-request-id", HeaderValue::from_static("r1"));
    let raw = RawResponse::new(StatusCode::CREATED, headers, "<html>not json</html>");
    let created = TokenCreated::from_raw(raw).unwrap();
    assert_eq!(created.token, "tok");
    assert_eq!(created.expires_in, Some(3600));
    assert_eq!(created.retry_after, None);
    assert_eq!(created.request_id.as_str(), "r1");
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.headers.len(), 3);

    // A required header that is missing is a decode error, not a panic.
    let raw = RawResponse::new(StatusCode::CREATED, HeaderMap::new(), "");
    assert!(TokenCreated::from_raw(raw).is_err());

    let raw = RawResponse::new(StatusCode::ACCEPTED, HeaderMap::new(), "");
    let only = StatusOnly::from_raw(raw).unwrap();
    assert_eq!(only.code, 202);
    assert_eq!(only.request_id, None);
}
