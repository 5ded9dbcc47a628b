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
//! - A [`Client`] sends any [`Endpoint`] and returns `Result<Response, Error>`.
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
mod error;
mod error_body;
mod redact;
mod request;
mod request_id;
mod response;
mod secret;

#[doc(hidden)]
pub mod __private;

pub use client::{Client, ClientBuilder, DEFAULT_MAX_BODY_SIZE, DEFAULT_USER_AGENT};
pub use error::{ApiError, AuthError, BuildError, DecodeError, DecodeKind, Error, TransportError};
pub use request::{Endpoint, Request};
pub use request_id::RequestId;
pub use response::{ApiResponse, DEFAULT_EXCERPT_LIMIT, REQUEST_ID_HEADER, RawResponse};
pub use secret::Secret;

pub use cloudwire_macros::{ApiResponse, api_response, endpoint};

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
