// The runtime under another name: `crate = "..."` on every form.
#![deny(warnings)]
extern crate cloudwire as cw;

mod reexport {
    pub use cloudwire as wire;
}

use cw::http::{HeaderMap, StatusCode};
use cw::{ApiResponse, Endpoint, RawResponse};

#[cw::api_response(crate = "cw", status = 201)]
struct Created {
    id: String,
    #[cloudwire(request_id)]
    request_id: Option<cw::RequestId>,
}

#[derive(cw::ApiResponse)]
#[cloudwire(crate = "crate::reexport::wire")]
struct Listed {
    names: Vec<String>,
}

#[cw::endpoint(POST, "/v1/things", response = Created, crate = "cw")]
struct CreateThing {
    name: String,
}

#[cw::endpoint(GET, "/v1/things/{id}", response = Listed)]
#[cloudwire(crate = "crate::reexport::wire")]
struct GetThing {
    #[cloudwire(path)]
    id: u64,
}

mod inner {
    use cloudwire as cwi;

    #[cwi::api_response(crate = "cwi")]
    pub struct Empty;

    #[cwi::endpoint(DELETE, "/v1/things/{id}", response = Empty, crate = "cwi")]
    pub struct DeleteThing {
        #[cloudwire(path)]
        pub id: u64,
    }
}

fn main() {
    let raw = RawResponse::new(StatusCode::CREATED, HeaderMap::new(), r#"{"id":"t1"}"#);
    let created = Created::from_raw(raw).unwrap();
    assert_eq!(created.id, "t1");
    assert!(created.request_id.is_none());

    let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), r#"{"names":["a"]}"#);
    assert_eq!(Listed::from_raw(raw).unwrap().names, ["a"]);

    let req = CreateThing { name: "x".into() }.to_request().unwrap();
    assert_eq!(&req.body()[..], br#"{"name": "x"}"#);
    assert_eq!(
        GetThing { id: 4 }.to_request().unwrap().path(),
        "/v1/things/4"
    );
    let req = inner::DeleteThing { id: 9 }.to_request().unwrap();
    assert_eq!(req.method(), cw::http::Method::DELETE);
    let raw = RawResponse::new(StatusCode::NO_CONTENT, HeaderMap::new(), "");
    let _: inner::Empty = inner::Empty::from_raw(raw).unwrap();
}
