// Generated code compiles where no prelude is in scope at all.
#![deny(warnings)]

#[no_implicit_prelude]
mod api {
    #[::cloudwire::api_response(status = [200, 201])]
    pub struct Thing {
        pub name: ::std::string::String,
        #[cloudwire(request_id)]
        pub request_id: ::core::option::Option<::cloudwire::RequestId>,
        #[cloudwire(header = "X-Count")]
        pub count: ::core::option::Option<u64>,
        #[cloudwire(header = "X-Version")]
        pub version: u32,
    }

    #[derive(::cloudwire::ApiResponse)]
    pub struct Listed<T> {
        #[cloudwire(body)]
        pub items: ::std::vec::Vec<T>,
    }

    #[::cloudwire::endpoint(POST, "/v1/{project}/things", response = Thing)]
    pub struct CreateThing<'a, T> {
        #[cloudwire(path)]
        pub project: &'a str,
        #[cloudwire(query)]
        pub dry_run: ::core::option::Option<bool>,
        #[cloudwire(query)]
        pub ids: ::std::vec::Vec<u32>,
        #[cloudwire(query)]
        pub tags: ::core::option::Option<::std::vec::Vec<T>>,
        #[cloudwire(header = "X-Project-Id")]
        pub project_id: ::core::option::Option<&'a str>,
        pub name: T,
    }

    #[::cloudwire::endpoint(PUT, "/v1/things", response = Listed<T>)]
    pub struct PutAll<T> {
        #[cloudwire(body)]
        pub items: ::std::vec::Vec<T>,
    }
}

use cloudwire::http::{HeaderMap, HeaderValue, StatusCode};
use cloudwire::{ApiResponse, Endpoint, RawResponse};

fn main() {
    let create = api::CreateThing {
        project: "p",
        dry_run: None,
        ids: vec![3],
        tags: Some(vec!["a".to_owned()]),
        project_id: None,
        name: "n".to_owned(),
    };
    let req = create.to_request().unwrap();
    assert_eq!(req.path_and_query(), "/v1/p/things?ids=3&tags=a");
    assert_eq!(&req.body()[..], br#"{"name": "n"}"#);

    let req = api::PutAll { items: vec![1u8] }.to_request().unwrap();
    assert_eq!(&req.body()[..], b"[1]");

    let mut headers = HeaderMap::new();
    headers.insert("x-version", HeaderValue::from_static("2"));
    let raw = RawResponse::new(StatusCode::CREATED, headers, r#"{"name":"a"}"#);
    let thing = api::Thing::from_raw(raw).unwrap();
    assert_eq!(
        (thing.name.as_str(), thing.count, thing.version),
        ("a", None, 2)
    );
    assert!(thing.request_id.is_none());

    let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), "[1]");
    assert_eq!(api::Listed::<u8>::from_raw(raw).unwrap().items, [1]);
}
