//! Test utilities for your own endpoint definitions (feature `testing`), and
//! a local simulator of the three reference services (feature `simulator`,
//! which implies `testing`).
//!
//! ```toml
//! [dev-dependencies]
//! cloudwire = { version = "0.1", features = ["testing"] }   # or ["simulator"]
//! tokio = { version = "1", features = ["macros", "rt", "time"] }
//! ```
//!
//! # A mock transport
//!
//! [`MockTransport`] replaces the network: a [`Client`](crate::Client) built
//! with [`ClientBuilder::transport`](crate::ClientBuilder::transport) records
//! each request as it would go on the wire ([`RecordedRequest`]: method, path,
//! query, headers, body, which attempt), after authentication and signing,
//! and answers with scripted [`Reply`]s, in order or by [`Matcher`]. Replies
//! are responses (status, headers, a body, JSON or not, after an optional
//! delay) or transport failures (connection refused, reset, a body cut
//! short, no answer at all). Everything else runs as over HTTP: signing,
//! retries, timeouts (a delay longer than the attempt timeout is an attempt
//! timeout), the body limit, error decoding, tracing. A request nobody
//! scripted fails at once with an error that names it, never retried.
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use cloudwire::auth::{AkSk, Credentials};
//! use cloudwire::retry::{Backoff, RetryPolicy};
//! use cloudwire::serde_json::json;
//! use cloudwire::testing::{Matcher, MockTransport, Reply};
//!
//! #[cloudwire::api_response(status = 201)]
//! #[derive(Debug)]
//! struct Created { id: String }
//!
//! #[derive(Debug, PartialEq, cloudwire::ServiceError)]
//! enum TagError {
//!     #[cloudwire(code = "TMS.0002")]
//!     Exists,
//!     #[cloudwire(other)]
//!     Other(String),
//! }
//!
//! #[cloudwire::endpoint(POST, "/v1/{project_id}/tags", response = Created, error = TagError, idempotent)]
//! struct CreateTag {
//!     #[cloudwire(path)] project_id: String,
//!     key: String,
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! # use cloudwire::Client;
//! let mock = MockTransport::new();
//! // A fixed signing time makes the signed request reproducible (a snapshot).
//! let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_926_258); // 20261129T042418Z
//! let client = Client::builder()
//!     .endpoint("https://tms.myhuaweicloud.com")
//!     .auth(AkSk::new(Credentials::new("HPUAEXAMPLEAK", "example-sk")).with_clock(move || at))
//!     .retry(RetryPolicy::default().with_backoff(Backoff::None))
//!     .transport(mock.clone())
//!     .build()
//!     .unwrap();
//!
//! // A 503, then success: the call is retried and succeeds.
//! mock.push(Reply::error(503, "APIGW.0202", "Backend unavailable."))
//!     .push(Reply::json(201, json!({"id": "t-1"})).request_id("req-2"));
//! let created = client.send(CreateTag { project_id: "p1".into(), key: "env".into() }).await.unwrap();
//! assert_eq!(created.id, "t-1");
//! mock.assert_requests(2).assert_done();
//! let sent = mock.last_request();
//! sent.assert_method("POST")
//!     .assert_path("/v1/p1/tags")
//!     .assert_json(json!({"key": "env"}))
//!     .assert_header("x-sdk-date", "20261129T042418Z")
//!     .assert_attempt(2);
//! assert!(sent.header("authorization").unwrap().starts_with(
//!     "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK, SignedHeaders=content-type;host;user-agent;x-sdk-date, Signature="
//! ));
//!
//! // A service error, read as the endpoint's typed error.
//! mock.route(Matcher::any().method("POST"), Reply::error(409, "TMS.0002", "tag exists"));
//! let err = client.send(CreateTag { project_id: "p1".into(), key: "env".into() }).await.unwrap_err();
//! assert_eq!(err.service(), Some(&TagError::Exists));
//! assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
//! # }
//! ```
//!
//! A failed assertion prints the request as sent, with credentials masked
//! (the signature of `Authorization`, `X-Auth-Token`, `X-Security-Token`):
//!
//! ```text
//! expected path `/v1/p2/tags`, sent `/v1/p1/tags`
//! the request sent:
//!   #3 POST /v1/p1/tags (attempt 1)
//!   user-agent: cloudwire/0.1.0
//!   content-type: application/json
//!   host: tms.myhuaweicloud.com
//!   x-sdk-date: 20261129T042418Z
//!   authorization: SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK, SignedHeaders=content-type;host;user-agent;x-sdk-date, Signature=***
//!   body: {"key": "env"}
//! ```
//!
//! # A fixed clock for signing
//!
//! [`AkSk::with_clock`](crate::auth::AkSk::with_clock) signs at the times a
//! function gives: a fixed one makes `X-Sdk-Date` and the signature the same
//! on every run, so a test can compare a signed request byte for byte.
//!
//! # A fixed multipart boundary
//!
//! A `multipart/form-data` body has a random boundary, named in its content
//! type, which an AK/SK signature covers. [`fix_multipart_boundary`] makes
//! the bodies built on the current thread use a given one, so that such a
//! request, too, comes out the same on every run.
//!
//! # The local simulator
//!
//! With the feature `simulator`, [`simulator::Simulator`] serves IAM,
//! Identity Center and STS on 127.0.0.1 (a free port), checking signatures
//! and tokens as the gateway does: a real HTTP round trip for your own
//! definitions of those services.
//!
//! ```
//! # #[cfg(feature = "simulator")]
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use cloudwire::testing::simulator::Simulator;
//!
//! #[cloudwire::api_response]
//! struct Instances { instances: Vec<cloudwire::serde_json::Value> }
//!
//! #[cloudwire::endpoint(GET, "/v1/instances", response = Instances)]
//! struct ListInstances { #[cloudwire(query)] limit: Option<u32> }
//!
//! let sim = Simulator::builder().instances(2).start().await.unwrap();
//! let client = sim.client().unwrap(); // its base URL and token
//! let page = client.send(ListInstances { limit: None }).await.unwrap();
//! assert_eq!(page.instances.len(), 2);
//! sim.shutdown().await;
//! # }
//! # #[cfg(not(feature = "simulator"))] fn main() {}
//! ```

mod mock;
mod recorded;

pub use mock::{Matcher, MockTransport, Reply};
pub use recorded::RecordedRequest;

#[cfg(feature = "simulator")]
#[cfg_attr(docsrs, doc(cfg(feature = "simulator")))]
pub mod simulator;

/// Makes the `multipart/form-data` bodies built on this thread use `boundary`
/// (1 to 70 letters, digits or `'+_-.`) instead of a random one, until
/// the returned guard is dropped: a multipart request built and signed in a
/// test then comes out the same on every run. Build the request on the
/// thread that holds the guard (a current-thread runtime, or before spawning).
///
/// # Panics
///
/// If `boundary` is not a valid boundary.
///
/// ```
/// #[derive(cloudwire::serde::Serialize)]
/// #[serde(crate = "cloudwire::serde")]
/// struct Upload { name: &'static str }
///
/// let _fixed = cloudwire::testing::fix_multipart_boundary("0123456789abcdef0123456789abcdef");
/// let mut request = cloudwire::Request::new(cloudwire::http::Method::POST, "/v2/charts");
/// request.set_multipart(&Upload { name: "demo" }).unwrap();
/// assert_eq!(
///     request.content_type().unwrap(),
///     "multipart/form-data; boundary=0123456789abcdef0123456789abcdef"
/// );
/// ```
pub fn fix_multipart_boundary(boundary: &str) -> FixedBoundary {
    crate::multipart::check_boundary(boundary).expect("a valid multipart boundary");
    FixedBoundary {
        previous: crate::multipart::set_fixed_boundary(Some(boundary.to_owned())),
    }
}

/// Keeps the multipart boundary [`fix_multipart_boundary`] set; dropping it
/// restores the one before (random, by default).
#[derive(Debug)]
#[must_use = "the boundary is fixed only while this guard lives"]
pub struct FixedBoundary {
    previous: Option<String>,
}

impl Drop for FixedBoundary {
    fn drop(&mut self) {
        crate::multipart::set_fixed_boundary(self.previous.take());
    }
}
