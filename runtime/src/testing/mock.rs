//! A transport without sockets: it records every request a client sends and
//! answers from a script.

use crate::error::{Error, MockFailure, TransportError};
use crate::response::RawResponse;
use crate::testing::recorded::RecordedRequest;
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method, StatusCode};
use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// A scripted transport: a [`Client`](crate::Client) built with it sends
/// nothing over the network; each request is recorded as it would go on the
/// wire (signed, with every header cloudwire sets) and answered with the next
/// scripted [`Reply`].
///
/// Replies are found in this order:
/// 1. the first queued reply ([`push`](Self::push), [`push_for`](Self::push_for))
///    whose matcher accepts the request, used once;
/// 2. the first route ([`route`](Self::route)) that accepts it, used for every match;
/// 3. none: the call fails at once with a transport error that names the
///    request and is never retried (a test never hangs on a missing reply).
///
/// Clones share the script and the record: keep one to assert on, give one
/// to [`ClientBuilder::transport`](crate::ClientBuilder::transport).
///
/// ```
/// use cloudwire::testing::{MockTransport, Reply};
/// use cloudwire::serde_json::json;
///
/// #[cloudwire::api_response]
/// struct Versions { versions: Vec<String> }
///
/// #[cloudwire::endpoint(GET, "/versions", response = Versions)]
/// struct ListVersions { #[cloudwire(query)] limit: u32 }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let mock = MockTransport::new();
/// mock.push(Reply::status(503))
///     .push(Reply::json(200, json!({"versions": ["v3", "v5"]})));
/// let client = mock.client();
///
/// let versions = client.send(ListVersions { limit: 2 }).await.unwrap();
/// assert_eq!(versions.versions, ["v3", "v5"]);
///
/// mock.assert_requests(2); // the 503 was retried
/// mock.last_request()
///     .assert_method("GET")
///     .assert_path("/versions")
///     .assert_query("limit", "2")
///     .assert_attempt(2);
/// # }
/// ```
#[derive(Clone, Default)]
pub struct MockTransport {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    queue: VecDeque<(Matcher, Reply)>,
    routes: Vec<(Matcher, Reply)>,
    requests: Vec<RecordedRequest>,
}

impl MockTransport {
    /// The base URL of [`MockTransport::client`] (`.invalid` never resolves).
    pub const ENDPOINT: &'static str = "https://mock.invalid";

    /// An empty script.
    pub fn new() -> Self {
        MockTransport::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock leaves a usable record.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A client that sends through this mock, with base URL
    /// [`MockTransport::ENDPOINT`] and every other setting at its default
    /// (no authentication). For other settings use
    /// [`client_builder`](Self::client_builder).
    pub fn client(&self) -> crate::Client {
        match self.client_builder().build() {
            Ok(client) => client,
            // The endpoint is a constant that parses.
            Err(e) => unreachable!("the mock's endpoint is valid: {e}"),
        }
    }

    /// A client builder with base URL [`MockTransport::ENDPOINT`] and this
    /// transport: add credentials, retry policy or timeouts, then `build()`.
    pub fn client_builder(&self) -> crate::ClientBuilder {
        crate::Client::builder()
            .endpoint(Self::ENDPOINT)
            .transport(self.clone())
    }

    /// Queues a reply for the next request (any request), after those
    /// already queued.
    pub fn push(&self, reply: Reply) -> &Self {
        self.push_for(Matcher::any(), reply)
    }

    /// Queues a reply for the next request that `matcher` accepts; it is
    /// used once.
    pub fn push_for(&self, matcher: Matcher, reply: Reply) -> &Self {
        self.state().queue.push_back((matcher, reply));
        self
    }

    /// Answers every request that `matcher` accepts with `reply` (when no
    /// queued reply takes it first).
    pub fn route(&self, matcher: Matcher, reply: Reply) -> &Self {
        self.state().routes.push((matcher, reply));
        self
    }

    /// Every request received so far, in order, each as sent.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state().requests.clone()
    }

    /// The `index`-th request received (from 0).
    ///
    /// # Panics
    /// When fewer requests were received, with what was.
    #[track_caller]
    pub fn request(&self, index: usize) -> RecordedRequest {
        let state = self.state();
        match state.requests.get(index) {
            Some(request) => request.clone(),
            None => panic!(
                "no request #{} (index {index}): the mock received {}{}",
                index + 1,
                state.requests.len(),
                list(&state.requests)
            ),
        }
    }

    /// The last request received.
    ///
    /// # Panics
    /// When none was.
    #[track_caller]
    pub fn last_request(&self) -> RecordedRequest {
        match self.state().requests.last() {
            Some(request) => request.clone(),
            None => panic!("the mock received no request"),
        }
    }

    /// Asserts how many requests the mock received (every attempt counts).
    ///
    /// # Panics
    /// When it received another number, listing them.
    #[track_caller]
    pub fn assert_requests(&self, count: usize) -> &Self {
        let state = self.state();
        if state.requests.len() != count {
            panic!(
                "expected {count} request(s), the mock received {}{}",
                state.requests.len(),
                list(&state.requests)
            );
        }
        self
    }

    /// How many queued replies no request has taken yet.
    pub fn pending(&self) -> usize {
        self.state().queue.len()
    }

    /// Asserts that every queued reply was used.
    ///
    /// # Panics
    /// When some are left.
    #[track_caller]
    pub fn assert_done(&self) -> &Self {
        let state = self.state();
        if !state.queue.is_empty() {
            let left: Vec<String> = state.queue.iter().map(|(_, r)| r.describe()).collect();
            panic!(
                "{} queued repl{} not used: {}{}",
                left.len(),
                if left.len() == 1 { "y was" } else { "ies were" },
                left.join(", "),
                list(&state.requests)
            );
        }
        self
    }

    /// Forgets the recorded requests (the script stays).
    pub fn clear_requests(&self) {
        self.state().requests.clear();
    }

    /// Records a request and finds its reply (an unscripted request is an
    /// error at once); [`MockTransport::play`] then plays the reply. What the
    /// client's transport does, split so that the attempt's future does not
    /// keep the request while the reply waits.
    pub(crate) fn record(
        &self,
        parts: http::request::Parts,
        body: Bytes,
        attempt: u32,
    ) -> Result<Reply, Error> {
        let (reply, described) = {
            let mut state = self.state();
            let recorded = RecordedRequest::new(
                state.requests.len() + 1,
                attempt,
                parts.method,
                parts.uri,
                parts.headers,
                body,
            );
            let queued = state
                .queue
                .iter()
                .position(|(m, _)| m.accepts(&recorded))
                .and_then(|i| state.queue.remove(i))
                .map(|(_, reply)| reply);
            let reply = queued.or_else(|| {
                state
                    .routes
                    .iter()
                    .find(|(m, _)| m.accepts(&recorded))
                    .map(|(_, reply)| reply.clone())
            });
            // Only a request without a reply is described (in its error).
            let described = reply.is_none().then(|| recorded.summary());
            state.requests.push(recorded);
            (reply, described)
        };
        reply.ok_or_else(|| {
            Error::Transport(TransportError::mock(
                MockFailure::Unscripted(described.unwrap_or_default()),
                None,
            ))
        })
    }

    /// Plays a reply found by [`MockTransport::record`], within the attempt's
    /// timeout and under the client's body limit (`limits`: the body limit
    /// and the error excerpt limit).
    pub(crate) async fn play(
        reply: Reply,
        (max_body, excerpt_limit): (usize, usize),
    ) -> Result<RawResponse, Error> {
        if !reply.delay.is_zero() {
            // tokio's clock, inside the attempt's timeout: a delay longer than
            // the attempt limit is an attempt timeout, as over the network.
            tokio::time::sleep(reply.delay).await;
        }
        match reply.what {
            What::Respond {
                status,
                headers,
                body,
            } => {
                // As the HTTP path reads it: at most the limit, the rest cut.
                let truncated = body.len() > max_body;
                let body = if truncated {
                    body.slice(..max_body)
                } else {
                    body
                };
                Ok(RawResponse::received(
                    status,
                    headers,
                    body,
                    truncated,
                    excerpt_limit,
                ))
            }
            What::ConnectRefused => Err(Error::Transport(TransportError::mock(
                MockFailure::Connect,
                None,
            ))),
            What::Reset => Err(Error::Transport(TransportError::mock(
                MockFailure::Reset,
                None,
            ))),
            What::ResetAfterHeaders { status, headers } => Err(Error::Transport(
                TransportError::mock(MockFailure::BodyCut, Some((status, headers))),
            )),
            What::Stall => std::future::pending().await,
        }
    }
}

impl fmt::Debug for MockTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("MockTransport")
            .field("queued", &state.queue.len())
            .field("routes", &state.routes.len())
            .field("requests", &state.requests.len())
            .finish()
    }
}

/// The requests, one per line, for a failure message.
fn list(requests: &[RecordedRequest]) -> String {
    requests
        .iter()
        .map(|r| format!("\n  {}", r.summary()))
        .collect()
}

/// What the mock answers one request with: a response (status, headers,
/// body, after an optional delay) or a transport failure.
///
/// ```
/// use std::time::Duration;
/// use cloudwire::testing::Reply;
/// use cloudwire::serde_json::json;
///
/// let ok = Reply::json(200, json!({"instances": []})).request_id("0b1c2d3e");
/// let throttled = Reply::error(429, "APIGW.0308", "The throttling threshold has been reached.")
///     .header("Retry-After", "1");
/// let slow = Reply::status(204).delay(Duration::from_secs(3));
/// let refused = Reply::connect_refused();
/// # let _ = (ok, throttled, slow, refused);
/// ```
#[derive(Clone)]
pub struct Reply {
    what: What,
    delay: Duration,
}

#[derive(Clone)]
enum What {
    Respond {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    },
    ConnectRefused,
    Reset,
    ResetAfterHeaders {
        status: StatusCode,
        headers: HeaderMap,
    },
    Stall,
}

#[track_caller]
fn status(code: u16) -> StatusCode {
    match StatusCode::from_u16(code) {
        Ok(status) => status,
        Err(_) => panic!("`{code}` is not an HTTP status (100 to 999)"),
    }
}

impl Reply {
    /// A response with this status and an empty body.
    ///
    /// # Panics
    /// When `code` is not from 100 to 999.
    #[track_caller]
    pub fn status(code: u16) -> Reply {
        Reply::body(code, Bytes::new())
    }

    /// A response with this status and body, as the client reads it after
    /// decompression (no `Content-Type` unless you add one).
    ///
    /// # Panics
    /// When `code` is not from 100 to 999.
    #[track_caller]
    pub fn body(code: u16, body: impl Into<Bytes>) -> Reply {
        Reply {
            what: What::Respond {
                status: status(code),
                headers: HeaderMap::new(),
                body: body.into(),
            },
            delay: Duration::ZERO,
        }
    }

    /// A response with this status and `value` as its JSON body
    /// (`Content-Type: application/json`).
    ///
    /// # Panics
    /// When `code` is not an HTTP status or `value` does not serialize.
    #[track_caller]
    pub fn json(code: u16, value: impl serde::Serialize) -> Reply {
        let body = match serde_json::to_vec(&value) {
            Ok(body) => body,
            Err(e) => panic!("the reply's JSON body did not serialize: {e}"),
        };
        Reply::body(code, body).header("content-type", "application/json")
    }

    /// An error response as the services of this family send one:
    /// `{"error_code": code, "error_msg": message}` with this status.
    ///
    /// # Panics
    /// When `code` is not an HTTP status.
    #[track_caller]
    pub fn error(status: u16, code: &str, message: &str) -> Reply {
        Reply::json(
            status,
            serde_json::json!({"error_code": code, "error_msg": message}),
        )
    }

    /// The connection is refused: nothing is sent. A connect error
    /// ([`Error::is_connect`]), retried for every method.
    pub fn connect_refused() -> Reply {
        Reply {
            what: What::ConnectRefused,
            delay: Duration::ZERO,
        }
    }

    /// The connection is reset after the request was sent, before any
    /// answer: a transport error, retried for idempotent requests.
    pub fn reset() -> Reply {
        Reply {
            what: What::Reset,
            delay: Duration::ZERO,
        }
    }

    /// The status and headers arrive (add headers with [`header`](Self::header)
    /// or [`request_id`](Self::request_id)), then the connection breaks
    /// while the body is read: a transport error that keeps the status and
    /// request ID.
    ///
    /// # Panics
    /// When `code` is not an HTTP status.
    #[track_caller]
    pub fn reset_after_headers(code: u16) -> Reply {
        Reply {
            what: What::ResetAfterHeaders {
                status: status(code),
                headers: HeaderMap::new(),
            },
            delay: Duration::ZERO,
        }
    }

    /// No answer, ever: only the attempt or total timeout ends the attempt
    /// (an attempt timeout, retried for idempotent requests). A client built
    /// with `no_timeouts()` would wait forever.
    pub fn stall() -> Reply {
        Reply {
            what: What::Stall,
            delay: Duration::ZERO,
        }
    }

    /// Adds a response header (appended: a name may repeat).
    ///
    /// # Panics
    /// When the name or value is not valid in HTTP; on a reply that is a
    /// failure without headers.
    #[track_caller]
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) else {
            panic!("`{name}: {value}` is not a valid HTTP header");
        };
        match &mut self.what {
            What::Respond { headers, .. } | What::ResetAfterHeaders { headers, .. } => {
                headers.append(name, value);
            }
            _ => panic!("a connection failure has no headers; add them to a response"),
        }
        self
    }

    /// Adds `X-Request-Id`, the request ID the services send.
    ///
    /// # Panics
    /// As [`header`](Self::header).
    #[track_caller]
    pub fn request_id(self, id: &str) -> Reply {
        self.header("x-request-id", id)
    }

    /// Waits this long (tokio's clock) before answering or failing. Longer
    /// than the client's attempt timeout, it is an attempt timeout.
    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }

    /// One line for messages.
    fn describe(&self) -> String {
        let what = match &self.what {
            What::Respond { status, .. } => format!("HTTP {}", status.as_u16()),
            What::ConnectRefused => "connect refused".to_owned(),
            What::Reset => "reset".to_owned(),
            What::ResetAfterHeaders { status, .. } => {
                format!("HTTP {} then reset", status.as_u16())
            }
            What::Stall => "stall".to_owned(),
        };
        if self.delay.is_zero() {
            what
        } else {
            format!("{what} after {:?}", self.delay)
        }
    }
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Reply({})", self.describe())
    }
}

/// A condition of [`Matcher::when`].
type Predicate = Arc<dyn Fn(&RecordedRequest) -> bool + Send + Sync>;

/// Which requests a scripted reply is for: every condition given must hold.
///
/// ```
/// use cloudwire::testing::{Matcher, MockTransport, Reply};
///
/// let mock = MockTransport::new();
/// mock.route(
///     Matcher::any().method("GET").path("/v1/instances").query("limit", "10"),
///     Reply::json(200, cloudwire::serde_json::json!({"instances": []})),
/// );
/// mock.route(
///     Matcher::when(|request| request.header("x-domain-id").is_none()),
///     Reply::error(403, "IAM.0002", "domain required"),
/// );
/// ```
#[derive(Clone, Default)]
pub struct Matcher {
    method: Option<Method>,
    path: Option<String>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    when: Option<Predicate>,
}

impl Matcher {
    /// Accepts every request.
    pub fn any() -> Matcher {
        Matcher::default()
    }

    /// Accepts the requests `predicate` accepts.
    pub fn when(predicate: impl Fn(&RecordedRequest) -> bool + Send + Sync + 'static) -> Matcher {
        Matcher {
            when: Some(Arc::new(predicate)),
            ..Matcher::default()
        }
    }

    /// Only this method (`"GET"`, or a [`Method`]).
    ///
    /// # Panics
    /// When `method` is not a valid method name.
    #[track_caller]
    pub fn method(mut self, method: impl AsRef<str>) -> Matcher {
        match Method::from_bytes(method.as_ref().as_bytes()) {
            Ok(method) => self.method = Some(method),
            Err(_) => panic!("`{}` is not an HTTP method", method.as_ref()),
        }
        self
    }

    /// Only this path, as sent (percent-encoded, without the query).
    pub fn path(mut self, path: impl Into<String>) -> Matcher {
        self.path = Some(path.into());
        self
    }

    /// Only requests with this query pair (decoded text); may repeat.
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Matcher {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Only requests with this header value (name in any case); may repeat.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Matcher {
        self.headers.push((name.into(), value.into()));
        self
    }

    fn accepts(&self, request: &RecordedRequest) -> bool {
        self.method.as_ref().is_none_or(|m| m == request.method())
            && self.path.as_deref().is_none_or(|p| p == request.path())
            && self
                .query
                .iter()
                .all(|(k, v)| request.query().iter().any(|(rk, rv)| rk == k && rv == v))
            && self
                .headers
                .iter()
                .all(|(n, v)| request.header_values(n).any(|rv| rv == v.as_bytes()))
            && self.when.as_ref().is_none_or(|when| when(request))
    }
}

impl fmt::Debug for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Matcher")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("when", &self.when.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Request;

    fn get(path: &str) -> Request {
        Request::new(Method::GET, path)
    }

    fn message(panic: Box<dyn std::any::Any + Send>) -> String {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default()
    }

    #[tokio::test]
    async fn queued_replies_come_first_in_order_then_routes() {
        let mock = MockTransport::new();
        mock.route(Matcher::any(), Reply::status(200))
            .push(Reply::status(201))
            .push_for(Matcher::any().path("/b"), Reply::status(202))
            .push(Reply::status(203));
        let client = mock.client();
        let mut statuses = Vec::new();
        for path in ["/a", "/a", "/b", "/a"] {
            let raw = client.send_request(get(path)).await.unwrap();
            statuses.push(raw.status().as_u16());
        }
        // `/a` takes 201, then skips the `/b` reply for 203; `/b` takes 202;
        // then only the route is left.
        assert_eq!(statuses, [201, 203, 202, 200]);
        assert_eq!(mock.pending(), 0);
        let paths: Vec<String> = mock
            .requests()
            .iter()
            .map(|r| r.path().to_owned())
            .collect();
        assert_eq!(paths, ["/a", "/a", "/b", "/a"]);
        let numbers: Vec<usize> = mock.requests().iter().map(|r| r.number()).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
    }

    #[tokio::test]
    async fn matchers_check_every_condition() {
        let mut request = get("/v1/x");
        request.push_query("a", "1 2");
        request.push_header("X-Tag", "t").unwrap();
        let mock = MockTransport::new();
        let client = mock.client();
        client.send_request(request.clone()).await.unwrap_err();
        let sent = mock.last_request();
        for (matcher, accepts) in [
            (Matcher::any(), true),
            (Matcher::any().method("GET").path("/v1/x"), true),
            (Matcher::any().method("POST"), false),
            (Matcher::any().path("/v1"), false),
            (Matcher::any().query("a", "1 2"), true),
            (Matcher::any().query("a", "1"), false),
            (Matcher::any().header("x-tag", "t"), true),
            (Matcher::any().header("X-TAG", "u"), false),
            (Matcher::when(|r| r.query_value("a") == Some("1 2")), true),
            (Matcher::when(|_| false).path("/v1/x"), false),
        ] {
            assert_eq!(matcher.accepts(&sent), accepts, "{matcher:?}");
        }
    }

    #[tokio::test]
    async fn an_unscripted_request_is_an_error_that_is_never_retried() {
        let mock = MockTransport::new();
        let err = mock.client().send_request(get("/x")).await.unwrap_err();
        assert!(matches!(&err, Error::Transport(e) if e.is_unscripted()));
        assert!(!err.is_transient_transport() && !err.is_connect());
        assert_eq!(err.attempts(), 1);
        assert_eq!(
            err.to_string(),
            "the mock transport has no reply for #1 GET /x (attempt 1); script one with `MockTransport::push` or `MockTransport::route`"
        );
    }

    #[tokio::test]
    async fn a_delay_is_bounded_by_the_attempt_timeout() {
        let mock = MockTransport::new();
        mock.route(
            Matcher::any(),
            Reply::status(200).delay(Duration::from_secs(60)),
        );
        let client = mock
            .client_builder()
            .attempt_timeout(Duration::from_millis(20))
            .retry(crate::retry::RetryPolicy::none())
            .build()
            .unwrap();
        let err = client.send_request(get("/slow")).await.unwrap_err();
        assert_eq!(err.timeout_kind(), Some(crate::TimeoutKind::Attempt));
    }

    #[tokio::test]
    async fn failed_assertions_list_what_was_received() {
        let mock = MockTransport::new();
        mock.route(Matcher::any(), Reply::status(204));
        let client = mock.client();
        client.send_request(get("/one")).await.unwrap();
        let shown = message(
            std::panic::catch_unwind(|| {
                mock.assert_requests(2);
            })
            .unwrap_err(),
        );
        assert_eq!(
            shown,
            "expected 2 request(s), the mock received 1\n  #1 GET /one (attempt 1)"
        );
        let shown = message(std::panic::catch_unwind(|| mock.request(3)).unwrap_err());
        assert!(
            shown.starts_with("no request #4 (index 3): the mock received 1"),
            "{shown}"
        );
        mock.push(Reply::status(500));
        let shown = message(
            std::panic::catch_unwind(|| {
                mock.assert_done();
            })
            .unwrap_err(),
        );
        assert!(
            shown.starts_with("1 queued reply was not used: HTTP 500"),
            "{shown}"
        );
    }

    #[test]
    #[should_panic(expected = "a connection failure has no headers")]
    fn a_failure_has_no_headers() {
        let _ = Reply::connect_refused().header("x-a", "b");
    }

    #[test]
    #[should_panic(expected = "`1000` is not an HTTP status")]
    fn a_status_is_checked() {
        let _ = Reply::status(1000);
    }

    #[test]
    fn replies_describe_themselves() {
        assert_eq!(
            format!("{:?}", Reply::status(503).delay(Duration::from_millis(5))),
            "Reply(HTTP 503 after 5ms)"
        );
        assert_eq!(
            format!("{:?}", Reply::reset_after_headers(200)),
            "Reply(HTTP 200 then reset)"
        );
        assert_eq!(format!("{:?}", Reply::stall()), "Reply(stall)");
    }
}
