// Generated code names nothing through the prelude or a relative path: every
// name it needs is shadowed here, and every warning is an error.
#![deny(warnings, unused_qualifications, rust_2018_idioms)]
#![allow(non_camel_case_types)]

mod core {}
mod std {}
mod serde {}
mod http {}
mod bytes {}
mod __private {}

struct Result;
struct Ok;
struct Err;
struct Option;
struct Some;
struct None;
struct String;
struct Vec;
struct Box;
struct PhantomData;
struct Request;
struct RawResponse;
struct Error;
struct StatusCode;
struct HeaderMap;
struct u16;

trait Default {}
trait From {}
trait Into {}
trait Clone {}
trait Display {}
trait Debug {}
trait FromStr {}
trait Serialize {}
trait Deserialize {}
trait ApiResponse {}
trait Endpoint {}
trait Paginated {}
trait PageResponse {}
trait NextMarker {}
trait PageSize {}

#[allow(unused_macros)]
macro_rules! vec {
    () => {
        compile_error!("generated code used `vec!`")
    };
}
#[allow(unused_macros)]
macro_rules! format {
    () => {
        compile_error!("generated code used `format!`")
    };
}
#[allow(unused_macros)]
macro_rules! unreachable {
    () => {
        compile_error!("generated code used `unreachable!`")
    };
}

impl Default for Result {}
impl From for Result {}
impl Into for Result {}
impl Clone for Result {}
impl Display for Result {}
impl Debug for Result {}
impl FromStr for Result {}
impl Serialize for Result {}
impl Deserialize for Result {}
impl ApiResponse for Result {}
impl Endpoint for Result {}
impl EndpointError for Result {}

#[::cloudwire::api_response(status = [200, 201])]
struct Thing {
    name: ::std::string::String,
    tags: ::std::vec::Vec<::std::string::String>,
    #[cloudwire(request_id)]
    request_id: ::core::option::Option<::cloudwire::RequestId>,
    #[cloudwire(header = "X-Count")]
    count: ::core::option::Option<u64>,
    #[cloudwire(status)]
    status: ::cloudwire::http::StatusCode,
    #[cloudwire(headers)]
    headers: ::cloudwire::http::HeaderMap,
}

#[derive(::cloudwire::ApiResponse)]
#[cloudwire(status = 201)]
struct Derived<T> {
    value: T,
}

#[::cloudwire::api_response]
struct Whole {
    #[cloudwire(body)]
    items: ::std::vec::Vec<::core::primitive::u16>,
}

#[::cloudwire::api_response(status = 204)]
struct Nothing;

#[::cloudwire::endpoint(POST, "/v1/{project}/things", response = Thing)]
struct CreateThing<'a, T> {
    #[cloudwire(path)]
    project: &'a str,
    #[cloudwire(query)]
    dry_run: ::core::option::Option<bool>,
    #[cloudwire(query)]
    ids: ::std::vec::Vec<u32>,
    #[cloudwire(query)]
    tags: ::core::option::Option<::std::vec::Vec<&'a str>>,
    #[cloudwire(header = "X-Project-Id")]
    project_id: ::core::option::Option<&'a str>,
    #[cloudwire(header = "X-Trace")]
    trace: u64,
    #[cloudwire(skip)]
    cache: T,
    name: &'a str,
}

#[::cloudwire::endpoint(PUT, "/v1/things", response = Whole)]
struct PutAll {
    #[cloudwire(body)]
    items: ::std::vec::Vec<::core::primitive::u16>,
}

#[::cloudwire::endpoint(DELETE, "/v1/things/{id}", response = Nothing)]
struct DeleteThing {
    #[cloudwire(path)]
    id: u64,
}

#[::cloudwire::endpoint(DELETE, "/v1/codes/{id}", response = Nothing, error = Codes)]
struct DeleteTyped {
    #[cloudwire(path)]
    id: u64,
}

struct TypedError;
trait EndpointError {}

#[derive(::cloudwire::ServiceError)]
enum Codes {
    #[cloudwire(code = "A.1", code = "A.2")]
    A,
    #[cloudwire(other)]
    Other(::std::string::String),
}

#[::cloudwire::api_response(next_marker = "page_info.next_marker")]
struct MarkerPage {
    #[cloudwire(items)]
    things: ::std::vec::Vec<::core::primitive::u16>,
}

#[::cloudwire::api_response]
struct CountedPage {
    #[cloudwire(items)]
    things: ::std::vec::Vec<::core::primitive::u16>,
    #[cloudwire(header = "X-Total", total)]
    total: ::core::option::Option<u64>,
}

#[::cloudwire::endpoint(GET, "/v1/counted", response = CountedPage)]
struct ListCounted {
    #[cloudwire(query, page)]
    page: ::core::option::Option<u32>,
}

#[::cloudwire::endpoint(GET, "/v1/things", response = MarkerPage)]
struct ListThings {
    #[cloudwire(query, marker)]
    marker: ::core::option::Option<::std::string::String>,
    #[cloudwire(query, limit)]
    limit: ::core::option::Option<u32>,
}

#[::cloudwire::api_response(next_link = "links.next")]
struct LinkPage {
    #[cloudwire(body, items)]
    things: ::std::vec::Vec<::core::primitive::u16>,
}

#[::cloudwire::endpoint(GET, "/v1/linked", response = LinkPage, paginated)]
struct ListLinked {}

fn main() {
    let _ = ListThings { marker: ::core::option::Option::None, limit: ::core::option::Option::None };
    let _ = ListLinked {};
    let _ = ListCounted { page: ::core::option::Option::None };
    assert!(::core::matches!(
        <Codes as ::cloudwire::ServiceError>::from_code(::core::option::Option::Some("A.2")),
        Codes::A
    ));
    assert!(::core::matches!(
        <Codes as ::cloudwire::ServiceError>::from_code(::core::option::Option::None),
        Codes::Other(_)
    ));
    use ::cloudwire::{ApiResponse as _, Endpoint as _};

    let _ = (
        Result,
        Ok,
        Err,
        Option,
        Some,
        None,
        String,
        Vec,
        Box,
        PhantomData,
    );
    let _ = (Request, RawResponse, Error, StatusCode, HeaderMap, u16);

    let create = CreateThing {
        project: "p",
        dry_run: ::core::option::Option::Some(true),
        ids: ::std::vec![1, 2],
        tags: ::core::option::Option::None,
        project_id: ::core::option::Option::Some("p"),
        trace: 7,
        cache: (),
        name: "n",
    };
    assert_eq!(create.cache, ());
    let request = create.to_request().unwrap();
    assert_eq!(
        request.path_and_query(),
        "/v1/p/things?dry_run=true&ids=1&ids=2"
    );
    assert_eq!(&request.body()[..], br#"{"name": "n"}"#);
    let _ = PutAll {
        items: ::std::vec![1],
    }
    .to_request()
    .unwrap();
    let _ = DeleteThing { id: 1 }.to_request().unwrap();
    let _ = DeleteTyped { id: 2 }.to_request().unwrap();
    let _ = TypedError;
    fn typed_error_of<E: ::cloudwire::Endpoint<Error = ::cloudwire::TypedError<Codes>>>(_: &E) {}
    typed_error_of(&DeleteTyped { id: 3 });

    let raw = ::cloudwire::RawResponse::new(
        ::cloudwire::http::StatusCode::CREATED,
        ::cloudwire::http::HeaderMap::new(),
        r#"{"name":"a","tags":[]}"#,
    );
    let thing = Thing::from_raw(raw).unwrap();
    assert_eq!(thing.name, "a");
    assert!(thing.tags.is_empty() && thing.request_id.is_none() && thing.count.is_none());
    assert_eq!(thing.status, 201);
    assert!(thing.headers.is_empty());

    let raw = ::cloudwire::RawResponse::new(
        ::cloudwire::http::StatusCode::CREATED,
        ::cloudwire::http::HeaderMap::new(),
        r#"{"value":1}"#,
    );
    assert_eq!(Derived::<u8>::from_raw(raw).unwrap().value, 1);
    let raw = ::cloudwire::RawResponse::new(
        ::cloudwire::http::StatusCode::OK,
        ::cloudwire::http::HeaderMap::new(),
        "[3]",
    );
    assert_eq!(Whole::from_raw(raw).unwrap().items, [3]);
    let raw = ::cloudwire::RawResponse::new(
        ::cloudwire::http::StatusCode::NO_CONTENT,
        ::cloudwire::http::HeaderMap::new(),
        "",
    );
    let Nothing = Nothing::from_raw(raw).unwrap();
}
