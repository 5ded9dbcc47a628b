// Every method the macro accepts, with and without a body.
#![deny(warnings)]

use cloudwire::Endpoint;
use cloudwire::http::Method;

#[cloudwire::api_response]
struct Empty;

#[cloudwire::endpoint(GET, "/r", response = Empty)]
struct Get;

#[cloudwire::endpoint(HEAD, "/r", response = Empty)]
struct Head {
    #[cloudwire(query)]
    probe: bool,
}

#[cloudwire::endpoint(OPTIONS, "/r", response = Empty)]
struct Options {}

#[cloudwire::endpoint(POST, "/r", response = Empty)]
struct Post {
    a: u8,
}

#[cloudwire::endpoint(PUT, "/r", response = Empty)]
struct Put {
    #[cloudwire(body)]
    a: Vec<u16>,
}

#[cloudwire::endpoint(PATCH, "/r", response = Empty)]
struct Patch {
    a: Option<u8>,
}

#[cloudwire::endpoint(DELETE, "/r", response = Empty)]
struct Delete;

fn check(endpoint: impl Endpoint<Response = Empty>, method: Method, body: &[u8]) {
    let req = endpoint.to_request().unwrap();
    assert_eq!(req.method(), method);
    assert_eq!(req.path(), "/r");
    assert_eq!(&req.body()[..], body);
}

fn main() {
    check(Get, Method::GET, b"");
    check(Head { probe: true }, Method::HEAD, b"");
    check(Options {}, Method::OPTIONS, b"");
    check(Post { a: 1 }, Method::POST, br#"{"a": 1}"#);
    check(Put { a: vec![1] }, Method::PUT, b"[1]");
    check(Patch { a: None }, Method::PATCH, b"{}");
    check(Patch { a: Some(2) }, Method::PATCH, br#"{"a": 2}"#);
    check(&Delete, Method::DELETE, b"");
}
