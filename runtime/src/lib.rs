//! # cloudwire
//!
//! Call cloud REST APIs that follow the Huawei Cloud response conventions, with
//! your own types:
//!
//! - [`#[api_response]`](macro@api_response) (or `#[derive(ApiResponse)]`) on a
//!   struct makes it a typed response: success statuses, JSON body, request ID and
//!   any headers you ask for; every other status becomes an [`Error`] that keeps
//!   the service's code, message, request ID and a bounded excerpt of the body.
//! - [`#[endpoint(...)]`](macro@endpoint) on a request struct declares method, path
//!   template, query, headers, body and response type.
//! - [`#[model]`](macro@model) on a nested body type derives serde through
//!   cloudwire and leaves out `None` members, as the official SDK does.
//! - `#[derive(ServiceError)]` on an enum of error codes reads the service's
//!   error as that enum ([`Error::service_error`]); declared on an endpoint
//!   (`error = MyError`), the call returns it in a [`TypedError`].
//! - A [`Client`] sends any [`Endpoint`] and returns `Result<Response, Error>`:
//!   signed or token-authenticated ([`auth`]), bounded by timeouts, retried by
//!   the rules of [`retry`], traced with `tracing`.
//! - With the `testing` feature, [`testing`] tests your definitions offline: a
//!   mock transport that records signed requests and plays scripted answers
//!   and failures, with assertions; with `simulator`, a local simulator of
//!   IAM, Identity Center and STS.
//! - [`Client::paginate`] reads a list as a stream of items (or pages), by
//!   marker, page number, offset or next link, as the endpoint and response
//!   declare ([`paginate`]).
//! - [`config`] configures clients as the official SDKs do: endpoints from the
//!   region catalogue, credentials from the default chain (environment,
//!   credentials file, instance metadata), the project or domain ID from IAM;
//!   the builder takes a proxy, CA certificates and a client certificate.
//!
//! TLS backend features: `rustls` (default; rustls with aws-lc-rs),
//! `rustls-ring` (rustls with ring), `native-tls` (the platform's library);
//! with none, only `http://` endpoints work (or a `reqwest::Client` you supply).
//! With `native-tls` and a rustls feature both on, native-tls is the backend.
//!
//! ```no_run
//! use cloudwire::{Client, RequestId, auth::Token};
//!
//! #[cloudwire::api_response(status = 201)]
//! struct CreateUserResponse {
//!     user: User,
//!     #[cloudwire(request_id)]
//!     request_id: Option<RequestId>,
//! }
//!
//! #[derive(Debug, serde::Deserialize, serde::Serialize)]
//! struct User { name: String }
//!
//! #[cloudwire::endpoint(POST, "/v3.0/OS-USER/users", response = CreateUserResponse)]
//! struct CreateUser {
//!     user: User,
//! }
//!
//! # async fn run() -> Result<(), cloudwire::Error> {
//! let iam = Client::builder()
//!     .endpoint("https://iam.myhuaweicloud.com")
//!     .auth(Token::new("..."))
//!     .build()?;
//! match iam.send(CreateUser { user: User { name: "alice".into() } }).await {
//!     Ok(created) => println!("created {:?} ({:?})", created.user, created.request_id),
//!     Err(err) => eprintln!("{err}"), // IAM.0011 (HTTP 400): Request body is invalid. [request_id=...]
//! }
//! # Ok(()) }
//! ```

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// Lets the runtime use its own macros, whose expansions name `::cloudwire`.
#[allow(unused_extern_crates)]
extern crate self as cloudwire;

pub mod auth;
mod client;
pub mod config;
mod error;
mod error_body;
mod form;
mod json;
mod json_path;
mod members;
mod multipart;
mod network;
pub mod paginate;
mod param;
mod percent;
mod redact;
mod request;
mod request_id;
mod response;
pub mod retry;
mod secret;
mod service_error;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
mod timer;

#[doc(hidden)]
pub mod __private;

pub use client::{
    Call, Client, ClientBuilder, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_CONTENT_TYPE, DEFAULT_MAX_BODY_SIZE, DEFAULT_TOTAL_TIMEOUT, DEFAULT_USER_AGENT,
};
pub use error::{
    ApiError, ApiErrorParts, AuthError, BuildError, DecodeError, DecodeKind, Error, TimeoutKind,
    TransportError,
};
pub use multipart::FormFile;
pub use paginate::{Page, PageResponse, Pages, Paginate, Paginated, PagingError};
pub use request::{CredentialId, Endpoint, Request};
pub use request_id::RequestId;
pub use response::{ApiResponse, DEFAULT_EXCERPT_LIMIT, REQUEST_ID_HEADER, RawResponse};
pub use secret::Secret;
pub use service_error::{EndpointError, ServiceError, TypedError};

/// Makes a struct a typed API response: success statuses, JSON body, request ID
/// and headers; every other status becomes an [`Error`].
///
/// Options: `status = 201` or `status = [200, 202]` (2xx only; default: any
/// 2xx), `crate = "path"` when `cloudwire` is renamed, and for a page of a
/// list ([`paginate`]) where the next page starts: `next_marker =
/// "page_info.next_marker"` or `next_link = "links.next"` (paths to a body
/// member) or `total = content_range` (the total of the `Content-Range`
/// header). Fields are members of the JSON body unless marked:
///
/// | field attribute | holds |
/// | --- | --- |
/// | `#[cloudwire(request_id)]` | the request ID (`X-Request-Id`, else `request_id` in the body): `Option<RequestId>`, `RequestId`, `Option<String>` or `String` |
/// | `#[cloudwire(header = "Name")]` | a header, parsed with `FromStr`; `Option<T>` when it may be absent |
/// | `#[cloudwire(status)]` | the status: `StatusCode` or `u16` |
/// | `#[cloudwire(headers)]` | all headers: `HeaderMap` |
/// | `#[cloudwire(body)]` | the whole body (for a top-level array, say); a `Vec` is a page's items by itself |
/// | `#[cloudwire(items)]` | a page's items, a `Vec` (also `#[cloudwire(body, items)]`): the response implements [`PageResponse`] |
/// | `#[cloudwire(total)]` | the count of the whole list, a whole number (`Option` allowed); next to a body member or `header = "..."` |
///
/// ```
/// use cloudwire::{PageResponse, RawResponse, http::{HeaderMap, StatusCode}};
/// use cloudwire::paginate::NextPosition;
///
/// #[cloudwire::api_response(next_marker = "page_info.next_marker")]
/// struct Instances {
///     #[cloudwire(items)]
///     instances: Vec<cloudwire::serde_json::Value>,
/// }
///
/// let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(),
///     r#"{"instances":[{"instance_id":"ins-1"}],"page_info":{"next_marker":"ins-1"}}"#);
/// let page = <Instances as cloudwire::ApiResponse>::decode(&raw).unwrap();
/// assert_eq!(page.items().len(), 1);
/// assert_eq!(page.next_position(&raw).unwrap(), NextPosition::Marker(Some("ins-1".into())));
/// ```
///
/// The body is decoded through a generated companion struct that carries the
/// `#[serde(...)]` attributes of the struct and its body fields, so the struct
/// itself needs no `Deserialize` (and its other fields no `Default`).
///
/// ```
/// use cloudwire::{ApiResponse, RawResponse, RequestId, Secret, http::{HeaderMap, StatusCode}};
///
/// #[cloudwire::api_response(status = 201)]
/// struct TokenCreated {
///     #[cloudwire(header = "X-Subject-Token")]
///     token: Secret,
///     #[serde(rename = "token")]
///     details: Details,
///     #[cloudwire(request_id)]
///     request_id: Option<RequestId>,
/// }
///
/// #[derive(cloudwire::serde::Deserialize)]
/// #[serde(crate = "cloudwire::serde")]
/// struct Details { expires_at: String }
///
/// let mut headers = HeaderMap::new();
/// headers.insert("x-subject-token", "MIIE...".parse().unwrap());
/// let raw = RawResponse::new(StatusCode::CREATED, headers, r#"{"token":{"expires_at":"2030-01-01T00:00:00Z"}}"#);
/// let created = TokenCreated::from_raw(raw).unwrap();
/// assert_eq!(created.token.expose(), "MIIE...");
/// assert_eq!(created.details.expires_at, "2030-01-01T00:00:00Z");
/// assert!(created.request_id.is_none());
/// ```
pub use cloudwire_macros::api_response;

/// The derive form of [`macro@api_response`], for structs that also derive serde
/// themselves: options go in `#[cloudwire(status = 201)]` on the struct.
///
/// ```
/// use cloudwire::{ApiResponse, RawResponse, http::{HeaderMap, StatusCode}};
///
/// #[derive(cloudwire::ApiResponse, cloudwire::serde::Serialize)]
/// #[serde(crate = "cloudwire::serde")]
/// #[cloudwire(status = [200, 202])]
/// struct Accepted {
///     job_id: String,
/// }
///
/// let raw = RawResponse::new(StatusCode::ACCEPTED, HeaderMap::new(), r#"{"job_id":"j-1"}"#);
/// assert_eq!(Accepted::from_raw(raw).unwrap().job_id, "j-1");
/// ```
pub use cloudwire_macros::ApiResponse;

/// Declares an API operation on a request struct: method, path template and
/// response type; each field says where it goes.
///
/// `#[endpoint(METHOD, "/path/{param}", response = Type)]`, with `METHOD` one of
/// `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`, `OPTIONS`, and optionally
/// `error = Type` (a [`ServiceError`](trait@ServiceError) enum of the
/// operation's error codes: the call then returns [`TypedError<Type>`](TypedError)
/// instead of [`Error`], with the service's error already read as `Type`),
/// `content_type = "..."` (the operation's declared `Content-Type`; without
/// it the client's default, `application/json`, is sent, as the official SDK
/// sends it on every request), `idempotent` (the call may be sent more than
/// once, so a `POST` or `PATCH` is retried like a `GET`), `max_attempts = N`
/// (over the client's retry policy), `paginated` (a list paged by the next
/// links its pages give, with no paging input of its own) and
/// `crate = "path"`. With
/// `content_type = "application/x-www-form-urlencoded"` the body is written as
/// a form instead of JSON; with `content_type = "multipart/form-data"` as a
/// multipart body (text members, then [`FormFile`] members as files, under a
/// random boundary), as the official SDK writes each. cloudwire writes no XML,
/// BSON or stream body from fields: with `application/xml`, `application/bson`
/// or `application/octet-stream`, the body is one `#[cloudwire(body)]` field of
/// text or bytes, sent as it is.
///
/// ```
/// # #[cloudwire::api_response] struct Chart { id: String }
/// use cloudwire::{Endpoint, FormFile};
///
/// #[cloudwire::endpoint(POST, "/v2/charts", response = Chart, content_type = "multipart/form-data")]
/// struct UploadChart {
///     parameters: Option<String>,
///     content: FormFile,
/// }
///
/// let request = UploadChart {
///     parameters: Some(r#"{"override": true}"#.into()),
///     content: FormFile::new("nginx-1.2.0.tgz", b"...".to_vec()).content_type("application/gzip"),
/// }
/// .to_request()
/// .unwrap();
/// let content_type = request.content_type().unwrap().to_str().unwrap();
/// let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
/// let body = String::from_utf8_lossy(request.body());
/// assert!(body.starts_with(&format!(
///     "--{boundary}\r\nContent-Disposition: form-data; name=\"parameters\"\r\n\r\n{{\"override\": true}}\r\n"
/// )));
/// assert!(body.ends_with(&format!("...\r\n--{boundary}--\r\n")));
/// ```
///
/// | field attribute | goes |
/// | --- | --- |
/// | `#[cloudwire(path)]` / `path = "name"` | into `{name}`, encoded as one segment; empty, `.` and `..` are refused |
/// | `#[cloudwire(query)]` / `query = "name"` | into the query (`Option` skipped when `None`, `Vec` repeated) |
/// | `#[cloudwire(header = "Name")]` | into a header (`Option` skipped when `None`); a `Content-Type` field is never sent: the operation's content type is, as the SDK sends it |
/// | `#[cloudwire(body)]` | the whole body (`Serialize`, or text and bytes as they are) |
/// | `#[cloudwire(cname)]` | before the endpoint's host, as `{value}.{host}` (the SDK's `cname`; see [`Request::set_cname`]) |
/// | `#[cloudwire(skip)]` | nowhere |
/// | `#[cloudwire(query, marker)]` | the query, and [`Client::paginate`] sets it to each page's next marker |
/// | `#[cloudwire(query, limit)]` / `per_page` | the query; the page size, set by [`Paginate::page_size`] |
/// | `#[cloudwire(query, offset)]` | the query; advanced by the items read (from 0) |
/// | `#[cloudwire(query, page)]` | the query; the page number, advanced by 1 (from 1) |
/// | *(none)* | a member of the body (`None` left out): the macro derives `Serialize` for these |
///
/// Path, query and header values are written through serde when their type is
/// `Serialize` (an enum by its serde name, a [`Secret`] by its real value, a
/// `bool` as `true` in a query and `True` in a path or header, as the official
/// SDK writes them), else with `Display`.
///
/// A path's `{project_id}` or `{domain_id}` with no field of that name is
/// filled when the call is sent, as the official SDK fills it: with the
/// client's project or domain ID ([`CredentialId`]; an [`AkSk`](auth::AkSk)
/// client's credentials, found from IAM for a client of
/// [`Config`](config::Config)). A field of that name, when declared, gives the
/// value instead.
///
/// Placeholders and path fields are matched at compile time, as are all other
/// rules (no body on `GET`/`HEAD`, one place per field, valid header names, a
/// `HEAD` response that reads no body); each mistake is an error on the
/// offending token.
///
/// ```
/// use cloudwire::{Endpoint, RequestId, http::Method};
///
/// #[cloudwire::api_response(status = 204)]
/// struct Removed;
///
/// #[cloudwire::model]
/// enum Reason { #[serde(rename = "left_team")] LeftTeam }
///
/// #[cloudwire::endpoint(DELETE, "/v3/groups/{group_id}/users/{user_id}", response = Removed)]
/// struct RemoveUserFromGroup {
///     #[cloudwire(path)]
///     group_id: String,
///     #[cloudwire(path)]
///     user_id: String,
///     #[cloudwire(query)]
///     reason: Option<Reason>,
///     #[cloudwire(header = "X-Domain-Id")]
///     domain_id: String,
/// }
///
/// let request = RemoveUserFromGroup {
///     group_id: "g/1".into(),
///     user_id: "u 2".into(),
///     reason: Some(Reason::LeftTeam),
///     domain_id: "d78cbac1".into(),
/// }
/// .to_request()
/// .unwrap();
/// assert_eq!(request.method(), Method::DELETE);
/// assert_eq!(request.path_and_query(), "/v3/groups/g%2F1/users/u%202?reason=left_team");
/// assert_eq!(request.headers()["x-domain-id"], "d78cbac1");
/// assert!(request.body().is_empty());
/// ```
///
/// With `error = Type`:
///
/// ```
/// #[derive(Debug, PartialEq, cloudwire::ServiceError)]
/// enum GroupError {
///     #[cloudwire(code = "IAM.0008")]
///     NoSuchGroup,
///     #[cloudwire(other)]
///     Other(String),
/// }
///
/// # #[cloudwire::api_response(status = 204)] struct Removed;
/// #[cloudwire::endpoint(DELETE, "/v3/groups/{group_id}", response = Removed, error = GroupError)]
/// struct DeleteGroup {
///     #[cloudwire(path)]
///     group_id: String,
/// }
///
/// async fn delete(iam: &cloudwire::Client, id: &str) -> Result<(), cloudwire::Error> {
///     match iam.send(DeleteGroup { group_id: id.into() }).await {
///         Ok(Removed) => Ok(()),
///         Err(err) if err.service() == Some(&GroupError::NoSuchGroup) => Ok(()), // already gone
///         Err(err) => Err(err.into()),
///     }
/// }
/// ```
pub use cloudwire_macros::endpoint;

/// Makes a struct or enum a body model: derives `Serialize` and `Deserialize`
/// through cloudwire's own serde (no serde dependency or `#[serde(crate)]`
/// needed) and leaves out `Option` members that are `None` when serializing,
/// as the official SDK does. `#[serde(...)]` attributes below it work as
/// usual; `#[model(crate = "path")]` when `cloudwire` is renamed.
///
/// ```
/// #[cloudwire::model]
/// #[serde(rename_all = "snake_case")]
/// enum Kind { Global, Regional }
///
/// #[cloudwire::model]
/// struct Project { name: String, kind: Kind, description: Option<String> }
///
/// let project = Project { name: "p".into(), kind: Kind::Global, description: None };
/// assert_eq!(cloudwire::serde_json::to_string(&project).unwrap(), r#"{"name":"p","kind":"global"}"#);
/// let back: Project = cloudwire::serde_json::from_str(r#"{"name":"q","kind":"regional"}"#).unwrap();
/// assert!(back.description.is_none());
/// ```
pub use cloudwire_macros::model;

/// Derives [`ServiceError`](trait@ServiceError) for an enum of service error
/// codes: `#[cloudwire(code = "IAM.0011")]` on a unit variant (several `code`s
/// may share one), and one catch-all variant `#[cloudwire(other)]`, a unit or
/// holding the code (`Other(String)`; empty when the error had none). A code
/// on two variants, a missing catch-all and a variant with neither are
/// compile errors.
///
/// ```
/// #[derive(Debug, cloudwire::ServiceError)]
/// enum StsError {
///     #[cloudwire(code = "STS5.1106")]
///     NoSuchAgency,
///     #[cloudwire(code = "STS5.1101")]
///     BadRequest,
///     #[cloudwire(other)]
///     Other(String),
/// }
/// ```
pub use cloudwire_macros::ServiceError;

/// The `http` crate, for status codes, header maps and methods.
pub use http;

/// The `bytes` crate, for request and response bodies.
pub use bytes;

/// The `serde` crate, so nested body types can derive `Serialize` and
/// `Deserialize` without a serde dependency of their own:
/// `#[derive(cloudwire::serde::Deserialize)] #[serde(crate = "cloudwire::serde")]`.
pub use serde;

/// The `serde_json` crate, for untyped bodies (`serde_json::Value`).
pub use serde_json;

/// The README's examples, compiled as doc tests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
