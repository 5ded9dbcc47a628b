// A `Content-Type` request header, declared as an API reference lists it, with
// or without the operation's `content_type`: it compiles without a warning
// (the field is read, though its value is not sent) and the operation's
// content type is the request's only one.
#![deny(warnings)]
use cloudwire::Endpoint;

#[cloudwire::api_response]
struct Resp {}

#[cloudwire::endpoint(POST, "/v1/items", response = Resp, content_type = "application/json;charset=UTF-8")]
struct Declared {
    #[cloudwire(header = "Content-Type")]
    content_type: String,
    name: String,
}

#[cloudwire::endpoint(PUT, "/v1/items", response = Resp)]
struct Default {
    #[cloudwire(header = "content-type")]
    content_type: Option<&'static str>,
    name: String,
}

fn main() {
    let declared = Declared { content_type: "text/plain".into(), name: "a".into() }
        .to_request()
        .unwrap();
    let sent: Vec<_> = declared.headers().get_all("content-type").iter().collect();
    assert_eq!(sent, ["application/json;charset=utf-8"]);
    let default = Default { content_type: Some("text/plain"), name: "a".into() }
        .to_request()
        .unwrap();
    assert!(default.content_type().is_none()); // the client's default goes out
    assert_eq!(default.body().as_ref(), br#"{"name": "a"}"#);
}
