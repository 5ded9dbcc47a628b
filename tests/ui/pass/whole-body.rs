// `#[cloudwire(body)]`: one field is the whole JSON body, on a response and on
// a request.
#![deny(warnings)]
use cloudwire::http::{HeaderMap, HeaderValue, Method, StatusCode};
use cloudwire::{ApiResponse, Endpoint, RawResponse, RequestId};

#[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
struct Item {
    id: u32,
}

#[cloudwire::api_response]
struct Items {
    #[cloudwire(body)]
    items: Vec<Item>,
    #[cloudwire(request_id)]
    request_id: Option<RequestId>,
}

#[cloudwire::api_response]
struct Raw {
    #[cloudwire(body)]
    value: cloudwire::serde_json::Value,
}

#[cloudwire::endpoint(PUT, "/v1/{project_id}/items", response = Items)]
struct PutItems {
    #[cloudwire(path)]
    project_id: String,
    #[cloudwire(header = "X-Client-Token")]
    token: String,
    #[cloudwire(body)]
    items: Vec<Item>,
    #[cloudwire(skip)]
    retries: u8,
}

#[cloudwire::endpoint(DELETE, "/v1/items", response = Raw)]
struct DeleteItems {
    #[cloudwire(body)]
    ids: Vec<u32>,
}

fn main() {
    let mut headers = HeaderMap::new();
    headers.insert("x-request-id", HeaderValue::from_static("r1"));
    let raw = RawResponse::new(StatusCode::OK, headers, r#"[{"id":1},{"id":2}]"#);
    let items = Items::from_raw(raw).unwrap();
    assert_eq!(items.items, [Item { id: 1 }, Item { id: 2 }]);
    assert_eq!(items.request_id.unwrap().as_str(), "r1");

    let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), "true");
    assert_eq!(Raw::from_raw(raw).unwrap().value, true);

    let put = PutItems {
        project_id: "p".into(),
        token: "t".into(),
        items: vec![Item { id: 3 }],
        retries: 2,
    };
    assert_eq!(put.retries, 2);
    let req = put.to_request().unwrap();
    assert_eq!(req.path(), "/v1/p/items");
    assert_eq!(req.headers()["x-client-token"], "t");
    assert_eq!(&req.body()[..], br#"[{"id": 3}]"#);

    let req = DeleteItems { ids: vec![1, 2] }.to_request().unwrap();
    assert_eq!(req.method(), Method::DELETE);
    assert_eq!(&req.body()[..], b"[1, 2]");
}
