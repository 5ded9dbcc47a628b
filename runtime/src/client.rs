//! The client: a base URL, defaults, credentials and a connection pool.

use crate::auth::Authenticate;
use crate::error::{Attempts, Error, TimeoutKind, TransportError};
use crate::request::{Endpoint, Request};
use crate::request_id::RequestId;
use crate::response::{ApiResponse, DEFAULT_EXCERPT_LIMIT, RawResponse};
use crate::retry::{Attempt, Outcome, RetryPolicy};
use crate::timer::AttemptTimer;
use bytes::{Bytes, BytesMut};
use http::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument as _;

/// The default limit on how many body bytes a response may have (16 MiB).
pub const DEFAULT_MAX_BODY_SIZE: usize = 16 * 1024 * 1024;

/// The `Content-Type` of a request whose endpoint declares none: the official
/// SDK's default, sent on every request (`GET`, `HEAD` and `DELETE` included)
/// and signed with it.
pub const DEFAULT_CONTENT_TYPE: &str = "application/json";

/// The most body bytes reserved before they arrive, whatever `Content-Length`
/// a response declares (64 KiB); the buffer grows with the bytes that do.
const INITIAL_RESERVE: usize = 64 * 1024;

/// The default limit on establishing a connection (10 s).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default limit on one attempt: sending the request and reading the
/// whole response (120 s, the official SDK's read timeout).
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(120);

/// The default limit on a whole call, across its attempts and the waits
/// between them (300 s).
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(300);

/// The `User-Agent` cloudwire sends unless told otherwise.
pub const DEFAULT_USER_AGENT: &str = concat!("cloudwire/", env!("CARGO_PKG_VERSION"));

/// Calls one service: builds each request from an [`Endpoint`], adds
/// credentials, sends it over a shared connection pool and decodes the answer.
///
/// Cloning is cheap and clones share the pool. [`Client::with_endpoint`] gives a
/// client for another service (its own base URL) on the same pool and settings.
///
/// ```no_run
/// use cloudwire::{Client, auth::Token};
///
/// # async fn run() -> Result<(), cloudwire::Error> {
/// let iam = Client::builder()
///     .endpoint("https://iam.myhuaweicloud.com")
///     .auth(Token::new(std::env::var("TOKEN").unwrap_or_default()))
///     .build()?;
/// let sts = iam.with_endpoint("https://sts.myhuaweicloud.com")?;
/// # let _ = sts; Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    base: Arc<Base>,
}

/// A base URL, checked and split once when a client is built: every request
/// reuses its scheme and authority (no URL is parsed per call for them).
struct Base {
    /// The endpoint as given, without a trailing `/`.
    text: Box<str>,
    scheme: http::uri::Scheme,
    authority: http::uri::Authority,
    /// Where the path prefix (`/prefix`, or nothing) starts in `text`.
    prefix: usize,
    /// The base parsed as the transport's URL, once: a request's URL is this
    /// one with its path and query set, so its host is not parsed again.
    url: Option<reqwest::Url>,
}

impl Base {
    /// The path prefix: `/prefix`, or empty.
    fn prefix(&self) -> &str {
        &self.text[self.prefix..]
    }

    /// The URI of `request` below this base: the same URI as parsing
    /// `{base}{path}?{query}` gives, built from its parts. The path and the
    /// encoded query are written once into one buffer of the right size.
    fn uri(&self, request: &Request) -> Result<http::Uri, Error> {
        let len = self.prefix().len() + request.path_and_query_len();
        // Longer than `http::Uri` takes: the parse reports it, as before.
        if self.text.len() - self.prefix().len() + len > MAX_URI_LEN {
            return self.parsed_uri(request);
        }
        let mut text = String::with_capacity(len);
        text.push_str(self.prefix());
        request.write_path_and_query(&mut text);
        // A parsed absolute URI's empty path is `/`.
        let path_and_query = if text.is_empty() {
            Ok(http::uri::PathAndQuery::from_static("/"))
        } else {
            http::uri::PathAndQuery::from_maybe_shared(Bytes::from(text))
        };
        let Ok(path_and_query) = path_and_query else {
            return self.parsed_uri(request);
        };
        let mut parts = http::uri::Parts::default();
        parts.scheme = Some(self.scheme.clone());
        parts.authority = Some(match request.cname() {
            None => self.authority.clone(),
            Some(name) => self.authority_under(name)?,
        });
        parts.path_and_query = Some(path_and_query);
        http::Uri::from_parts(parts).or_else(|_| self.parsed_uri(request))
    }

    /// The base's authority with `name.` before its host, as the SDK puts an
    /// operation's `cname` there (`{scheme}://{cname}.{netloc}`).
    #[cold]
    fn authority_under(&self, name: &str) -> Result<http::uri::Authority, Error> {
        // The name is checked labels; the host must be a name, not an IPv6
        // literal, for the two to make one host.
        let authority = (!self.authority.host().starts_with('['))
            .then(|| format!("{name}.{}", self.authority))
            .and_then(|text| http::uri::Authority::from_maybe_shared(Bytes::from(text)).ok());
        match authority {
            Some(authority) => Ok(authority),
            None => Err(Error::build(
                format!(
                    "cannot put `{name}` before the endpoint's host `{}`: the request's host name prefix (cname) needs an endpoint with a host name",
                    self.authority.host()
                ),
                None,
            )),
        }
    }

    /// The URI of `request` by parsing the whole URL: for what the parts
    /// refuse, so that the error is the parser's.
    fn parsed_uri(&self, request: &Request) -> Result<http::Uri, Error> {
        let url = match request.cname() {
            None => format!("{}{}", self.text, request.path_and_query()),
            Some(name) => format!(
                "{}://{}{}{}",
                self.scheme,
                self.authority_under(name)?,
                self.prefix(),
                request.path_and_query()
            ),
        };
        http::Uri::try_from(url)
            .map_err(|e| Error::build("invalid request URL", Some(Box::new(http::Error::from(e)))))
    }
}

/// The placeholder path of a client's parsed base URL: 200 bytes of room
/// (`_` needs no escaping, so the URL keeps it as it is). Every request's URL
/// replaces the whole path.
const PATH_ROOM: &str = "/________________________________________________________________________________________________________________________________________________________________________________________________________";

/// The longest URI `http::Uri` parses.
const MAX_URI_LEN: usize = u16::MAX as usize - 1;

/// Room in a prepared request's header map for the headers added after the
/// credentials' (`Content-Length`), so that it never grows.
const HEADERS_ADDED_AFTER_AUTH: usize = 1;

struct Inner {
    transport: Transport,
    default_headers: HeaderMap,
    auth: Option<Arc<dyn Authenticate>>,
    max_body_size: usize,
    excerpt_limit: usize,
    retry: RetryPolicy,
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
}

/// What carries a prepared request to the server and brings the answer back.
///
/// Everything around it is shared by every transport: building, headers and
/// signing (`prepare`), the body limit, retries, timeouts (tokio's, around
/// each attempt), error decoding and tracing. The default path pays one match.
enum Transport {
    /// HTTP over reqwest.
    Reqwest {
        http: reqwest::Client,
        /// The user supplied `http` (it may follow redirects).
        supplied: bool,
    },
    /// A scripted transport without sockets (feature `testing`): records what
    /// is sent and answers from its script.
    #[cfg(feature = "testing")]
    Mock(crate::testing::MockTransport),
}

/// A request given to its transport: reqwest's exchange in flight (and, for a
/// supplied client, the URL it went to), or the mock's reply being played.
enum Dispatched<P> {
    Sent {
        pending: P,
        sent_to: Option<Box<reqwest::Url>>,
    },
    #[cfg(feature = "testing")]
    Mock(crate::auth::BoxFuture<'static, Result<RawResponse, Error>>),
}

/// What a call's attempts follow: the retry policy and what it is given.
struct Plan<'a> {
    policy: &'a RetryPolicy,
    method: &'a http::Method,
    idempotent: bool,
    max_attempts: u32,
    deadline: Option<Instant>,
    span: &'a tracing::Span,
}

/// What follows an attempt.
#[allow(clippy::large_enum_variant)] // returned, never kept: boxing would allocate per call
enum Next {
    /// The call's outcome.
    Done(Result<RawResponse, Error>),
    /// Another attempt, after this wait.
    Wait(Duration),
}

impl Plan<'_> {
    /// Whether attempt `number`'s `result` ends the call (recorded on the
    /// span, with the attempts) or is retried, and after what wait; the
    /// request ID of a retried response is added to `earlier`.
    fn after(
        &self,
        result: Result<RawResponse, Error>,
        number: u32,
        previous_delay: Duration,
        earlier: &mut Vec<RequestId>,
    ) -> Next {
        let done = |result: Result<RawResponse, Error>, earlier: &mut Vec<RequestId>| {
            let attempts = Attempts {
                count: number,
                earlier_request_ids: std::mem::take(earlier),
            };
            // Read for the span only when a subscriber listens.
            if !self.span.is_disabled() {
                self.span.record("attempts", number);
                record_outcome(self.span, &result);
            }
            // In place: the result is large, and moved once already.
            let mut result = result;
            match &mut result {
                Ok(raw) => raw.set_attempts(attempts),
                Err(e) => e.set_attempts(attempts),
            }
            Next::Done(result)
        };
        let policy = self.policy;
        // What failed, and whether the rules say to try again.
        let retry = match &result {
            Ok(raw) if raw.status().as_u16() < 400 => return done(result, earlier),
            Ok(raw) => {
                let code = || raw.error_code();
                let attempt = Attempt {
                    number,
                    method: self.method,
                    idempotent: self.idempotent,
                    outcome: Outcome::Response(raw),
                };
                policy.should_retry(&attempt, code)
            }
            Err(e) => match e {
                Error::Build(_) | Error::Auth(_) | Error::Paging(_) => false,
                _ => policy.should_retry(
                    &Attempt {
                        number,
                        method: self.method,
                        idempotent: self.idempotent,
                        outcome: Outcome::Error(e),
                    },
                    || None,
                ),
            },
        };
        if !retry || number >= self.max_attempts {
            return done(result, earlier);
        }
        // Read only for a retry: the ID kept, the wait asked for.
        let (request_id, hint) = match &result {
            Ok(raw) => (
                raw.request_id(),
                crate::retry::parse_retry_after(raw.headers(), std::time::SystemTime::now()),
            ),
            Err(e) => (e.request_id().cloned(), e.retry_after()),
        };
        let remaining = self
            .deadline
            .map(|d| d.saturating_duration_since(Instant::now()));
        let delay = match hint {
            // The service said how long: wait that, unless it is more
            // than the policy allows or the call has left.
            Some(hint)
                if hint > policy.max_retry_after() || remaining.is_some_and(|r| hint >= r) =>
            {
                return done(result, earlier);
            }
            Some(hint) => hint,
            None => policy.backoff().next(number, previous_delay),
        };
        if remaining.is_some_and(|r| delay >= r) {
            return done(result, earlier);
        }
        tracing::info!(
            attempt = number,
            delay_ms = delay.as_millis() as u64,
            reason = %retry_reason(&result),
            "cloudwire: retrying",
        );
        if let Some(id) = request_id {
            earlier.push(id);
        }
        Next::Wait(delay)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &&*self.base.text)
            .field(
                "default_headers",
                &crate::redact::Headers(&self.inner.default_headers),
            )
            .field("auth", &self.inner.auth)
            .field("max_body_size", &self.inner.max_body_size)
            .field("excerpt_limit", &self.inner.excerpt_limit)
            .field("retry", &self.inner.retry)
            .field("attempt_timeout", &self.inner.attempt_timeout)
            .field("total_timeout", &self.inner.total_timeout)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder with the defaults: timeouts of 10 s to connect, 120 s an
    /// attempt and 300 s a call; up to 3 attempts for what may be retried
    /// (see [`retry`](crate::retry)); user agent `cloudwire/<version>`, content type `application/json`, 16 MiB
    /// body limit, 4 KiB error excerpts, `gzip` and `deflate` responses
    /// accepted and decoded.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn endpoint(&self) -> &str {
        &self.base.text
    }

    /// The same client (pool, headers, credentials, limits) for another base URL.
    pub fn with_endpoint(&self, endpoint: &str) -> Result<Client, Error> {
        Ok(Client {
            inner: Arc::clone(&self.inner),
            base: parse_base(endpoint)?,
        })
    }

    /// Sends the request `endpoint` describes and decodes its response.
    ///
    /// ```no_run
    /// # use cloudwire::{Client, RequestId};
    /// #[cloudwire::api_response]
    /// struct Instances { instances: Vec<serde_json::Value>, #[cloudwire(request_id)] id: Option<RequestId> }
    ///
    /// #[cloudwire::endpoint(GET, "/v1/instances", response = Instances)]
    /// struct ListInstances { #[cloudwire(query)] limit: Option<u32> }
    ///
    /// # async fn run(client: Client) -> Result<(), cloudwire::Error> {
    /// let page = client.send(ListInstances { limit: Some(10) }).await?;
    /// println!("{} instances (request {:?})", page.instances.len(), page.id);
    /// # Ok(()) }
    /// ```
    ///
    /// The error is the endpoint's [`Endpoint::Error`]: [`Error`], or a
    /// [`TypedError`](crate::TypedError) for an endpoint declared with
    /// `error = MyServiceError`.
    ///
    /// The request is built from `endpoint` when `send` is called (an error in
    /// building it comes out of the future); the future then holds that
    /// request, not the endpoint, and sends nothing until it is awaited.
    pub fn send<E: Endpoint>(
        &self,
        endpoint: E,
    ) -> impl Future<Output = Result<E::Response, E::Error>> {
        self.call(endpoint).send()
    }

    /// A call with options of its own (retries, timeouts), sent with [`Call::send`].
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # use cloudwire::{Client, RequestId, retry::RetryPolicy};
    /// # #[cloudwire::api_response] struct Instances { instances: Vec<serde_json::Value> }
    /// # #[cloudwire::endpoint(GET, "/v1/instances", response = Instances)] struct ListInstances {}
    /// # async fn run(client: Client) -> Result<(), cloudwire::Error> {
    /// let page = client
    ///     .call(ListInstances {})
    ///     .retry(RetryPolicy::default().with_max_attempts(5))
    ///     .attempt_timeout(Duration::from_secs(5))
    ///     .timeout(Duration::from_secs(20))
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn call<E: Endpoint>(&self, endpoint: E) -> Call<'_, E> {
        Call {
            client: self,
            endpoint,
            options: CallOptions::default(),
        }
    }

    /// Reads a list page after page: a [`Stream`](futures_core::Stream) of
    /// its items (see [`paginate`](crate::paginate) for the paging styles and
    /// when a list ends). Each page is one call through this client.
    ///
    /// ```no_run
    /// # use cloudwire::Client;
    /// #[cloudwire::api_response(next_marker = "page_info.next_marker")]
    /// struct Instances { #[cloudwire(items)] instances: Vec<cloudwire::serde_json::Value> }
    ///
    /// #[cloudwire::endpoint(GET, "/v1/instances", response = Instances)]
    /// struct ListInstances {
    ///     #[cloudwire(query, limit)] limit: Option<u32>,
    ///     #[cloudwire(query, marker)] marker: Option<String>,
    /// }
    ///
    /// # async fn run(client: Client) -> Result<(), cloudwire::Error> {
    /// let mut pages = client.paginate(ListInstances { limit: None, marker: None }).page_size(10).pages();
    /// while let Some(page) = pages.next().await {
    ///     let page = page?;
    ///     println!("page {} ({:?}): {} instances", page.number(), page.request_id(), page.items().len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn paginate<E: crate::paginate::Paginated>(
        &self,
        endpoint: E,
    ) -> crate::paginate::Paginate<E> {
        crate::paginate::Paginate::new(self, &endpoint)
    }

    /// Sends a request and returns the response as it came, whatever its
    /// status, retrying as the client's policy says.
    #[allow(clippy::manual_async_fn)] // as an `async fn`, the future keeps the request twice
    pub fn send_request(
        &self,
        request: Request,
    ) -> impl Future<Output = Result<RawResponse, Error>> {
        async move { self.run(&request, &NO_OPTIONS).await }
    }

    /// The attempts of one call: each built, authenticated and signed afresh,
    /// each bounded by the attempt and total timeouts, retried as the policy says.
    ///
    /// The request is borrowed: the caller's future holds it once (an owned
    /// argument of an `async fn` is kept twice in its future).
    pub(crate) async fn run(
        &self,
        request: &Request,
        options: &CallOptions,
    ) -> Result<RawResponse, Error> {
        if request.credential_ids().next().is_some() {
            return self.run_filled(request, options).await;
        }
        let policy = options.retry.as_ref().unwrap_or(&self.inner.retry);
        let max_attempts = options
            .max_attempts
            .or(request.max_attempts())
            .unwrap_or(policy.max_attempts())
            .max(1);
        let idempotent = options
            .idempotent
            .unwrap_or_else(|| request.is_idempotent());
        let attempt_limit = options.attempt_timeout.or(self.inner.attempt_timeout);
        let total_limit = options.total_timeout.or(self.inner.total_timeout);
        // The first attempt starts now: one clock read for both.
        let mut started = Instant::now();
        // A limit past what the clock can express is no limit (not a panic).
        let deadline = total_limit.and_then(|t| started.checked_add(t));
        let call_span = tracing::info_span!(
            "cloudwire.call",
            method = %request.method(),
            path = request.template().unwrap_or("-"),
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            attempts = tracing::field::Empty,
            error = tracing::field::Empty,
        );
        let plan = Plan {
            policy,
            method: request.method(),
            idempotent,
            max_attempts,
            deadline,
            span: &call_span,
        };
        // The attempts run in this one future, not in one of their own each,
        // and the spans are entered around each poll (as `Instrumented`
        // would): every layer of future is one more copy of it per call.
        let mut earlier: Vec<RequestId> = Vec::new();
        let mut previous_delay = Duration::ZERO;
        let mut number: u32 = 1;
        loop {
            let span = {
                let _call = call_span.enter();
                tracing::debug_span!(
                    "cloudwire.attempt",
                    attempt = number,
                    status = tracing::field::Empty,
                    request_id = tracing::field::Empty,
                    latency_ms = tracing::field::Empty,
                    error = tracing::field::Empty,
                )
            };
            let limit = attempt_limit_at(started, attempt_limit, deadline);
            // In a block of its own: the attempt's futures end with it.
            let polled = {
                let work = async move {
                    let prepared = self.prepare_ref(request).await?;
                    self.execute_attempt(prepared, number).await
                };
                let mut work = std::pin::pin!(work);
                let mut timer = limit.map(|(limit, _)| AttemptTimer::new(limit));
                std::future::poll_fn(|cx| {
                    let _call = call_span.enter();
                    let _attempt = span.enter();
                    poll_timed(work.as_mut(), timer.as_mut().map(AttemptTimer::sleep), cx)
                })
                .await
            };
            // In a block: the attempt's result and the decision end here, so
            // that the future does not keep them across the backoff's wait.
            let delay = {
                let result = match (polled, limit) {
                    (Some(result), _) => result,
                    (None, Some((limit, kind))) => {
                        let configured = match kind {
                            TimeoutKind::Total => total_limit.unwrap_or(limit),
                            _ => limit,
                        };
                        Err(Error::Transport(TransportError::timeout(kind, configured)))
                    }
                    (None, None) => unreachable!("no timer, no timeout"),
                };
                if !span.is_disabled() {
                    span.record("latency_ms", started.elapsed().as_millis() as u64);
                    record_outcome(&span, &result);
                }
                // Decided by a plain function that takes the result, in the
                // call's span, where its events go (a retry and its reason).
                let next = {
                    let _call = call_span.enter();
                    plan.after(result, number, previous_delay, &mut earlier)
                };
                match next {
                    Next::Done(outcome) => return outcome,
                    Next::Wait(delay) => delay,
                }
            };
            if !delay.is_zero() {
                tokio::time::sleep(delay)
                    .instrument(call_span.clone())
                    .await;
            }
            previous_delay = delay;
            number += 1;
            started = Instant::now();
        }
    }

    /// Builds the `http::Request` that would be sent, credentials included.
    ///
    /// What it shows is what goes on the wire: a path that starts with anything
    /// but `/` or holds a dot-segment (`.`, `..`, `%2E`, ...), which the
    /// transport would resolve to another resource, is refused here.
    pub async fn prepare(&self, request: Request) -> Result<http::Request<Bytes>, Error> {
        let filled = self.fill_credential_ids(&request).await?;
        self.prepare_ref(filled.as_ref().unwrap_or(&request)).await
    }

    /// [`Client::prepare`] without taking the request, so that every attempt
    /// of a call builds from the same one.
    async fn prepare_ref(&self, request: &Request) -> Result<http::Request<Bytes>, Error> {
        let mut http_request = self.http_request(request)?;
        if let Some(auth) = &self.inner.auth {
            auth.authenticate(&mut http_request).await?;
        }
        Ok(http_request)
    }

    /// [`run`](Self::run) for a request whose path takes IDs from the
    /// credentials: filled once a call (the attempts' URL and signature are the
    /// filled path's), then run. Boxed, so that other calls' futures keep
    /// neither its states nor its code.
    fn run_filled<'a>(
        &'a self,
        request: &'a Request,
        options: &'a CallOptions,
    ) -> crate::auth::BoxFuture<'a, Result<RawResponse, Error>> {
        Box::pin(async move {
            let filled = self.fill_credential_ids(request).await?;
            self.run(filled.as_ref().unwrap_or(request), options).await
        })
    }

    /// `request` with its path's credential placeholders filled by the
    /// client's authentication, or `None` when it has none (see
    /// [`CredentialId`](crate::CredentialId)).
    async fn fill_credential_ids(&self, request: &Request) -> Result<Option<Request>, Error> {
        let mut ids = Vec::new();
        for id in request.credential_ids() {
            let value = match &self.inner.auth {
                Some(auth) => auth.credential_id(id).await?,
                None => None,
            };
            ids.push((id, value));
        }
        if ids.is_empty() {
            return Ok(None);
        }
        request.with_credential_ids(ids).map(Some)
    }

    /// The request as the client sends it, before authentication: built
    /// outside the `async fn` so that its future keeps only the result.
    #[inline]
    fn http_request(&self, request: &Request) -> Result<http::Request<Bytes>, Error> {
        check_path(request.path())?;
        let uri = self.base.uri(request)?;
        // The client's headers, then the request's (which replace those of
        // the same name), in one map sized for what signing adds.
        // Room for what authentication adds (a signature adds 7, a token 1):
        // a small map is also a small allocation.
        let defaults = &self.inner.default_headers;
        let added = self
            .inner
            .auth
            .as_ref()
            .map_or(0, |auth| auth.headers_added());
        let mut headers = HeaderMap::with_capacity(
            defaults.len() + request.headers().len() + added + HEADERS_ADDED_AFTER_AUTH,
        );
        for (name, value) in defaults {
            headers.insert(name.clone(), value.clone());
        }
        if !request.headers().is_empty() {
            for name in request.headers().keys() {
                headers.remove(name);
            }
            for (name, value) in request.headers() {
                headers.append(name.clone(), value.clone());
            }
        }
        let mut http_request = http::Request::new(request.body().clone());
        *http_request.method_mut() = request.method().clone();
        *http_request.uri_mut() = uri;
        *http_request.headers_mut() = headers;
        Ok(http_request)
    }

    /// The request the HTTP transport would be given for `request`, prepared
    /// and authenticated (for measurements: nothing is sent).
    pub(crate) async fn transport_request(
        &self,
        request: &Request,
    ) -> Result<reqwest::Request, Error> {
        let filled = self.fill_credential_ids(request).await?;
        let mut prepared = self.prepare_ref(filled.as_ref().unwrap_or(request)).await?;
        add_content_length(&mut prepared);
        let (parts, body) = prepared.into_parts();
        let url = transport_url(&parts, Some(&self.base))?;
        Ok(reqwest_request(parts, url, body))
    }

    /// Sends a prepared request and reads the response, bounded by the body limit.
    pub async fn execute(&self, request: http::Request<Bytes>) -> Result<RawResponse, Error> {
        self.execute_attempt(request, 1).await
    }

    /// [`Client::execute`] as attempt `number` of a call (a mock transport
    /// records it).
    ///
    /// The request is handed to the transport before the returned future is
    /// first polled, so that what the attempt keeps across its waits is the
    /// exchange in flight (reqwest's boxed future, the response), not the
    /// request, its parts and its URL: a smaller future for every call.
    fn execute_attempt(
        &self,
        request: http::Request<Bytes>,
        number: u32,
    ) -> impl Future<Output = Result<RawResponse, Error>> + Send + '_ {
        self.receive(self.dispatch(request, number))
    }

    /// Gives the request to the transport: reqwest's future of the exchange
    /// (not yet polled), or the mock's reply.
    fn dispatch(
        &self,
        mut request: http::Request<Bytes>,
        #[cfg_attr(not(feature = "testing"), allow(unused_variables))] number: u32,
    ) -> Result<Dispatched<impl Future<Output = reqwest::Result<reqwest::Response>> + Send>, Error>
    {
        add_content_length(&mut request);
        let (parts, body) = request.into_parts();
        let url = transport_url(&parts, Some(&self.base))?;
        let (http, supplied) = match &self.inner.transport {
            Transport::Reqwest { http, supplied } => (http, *supplied),
            // Same request, same limits; the script answers instead of a server.
            // The script's reply is played in a future of its own, boxed so
            // that a mock's states do not enlarge every call's future.
            #[cfg(feature = "testing")]
            Transport::Mock(mock) => {
                let reply = mock.record(parts, body, number)?;
                let limits = (self.inner.max_body_size, self.inner.excerpt_limit);
                let play = crate::testing::MockTransport::play(reply, limits);
                return Ok(Dispatched::Mock(Box::pin(play)));
            }
        };
        // Only a supplied client may follow a redirect; remember where it went.
        let sent_to = supplied.then(|| Box::new(url.clone()));
        let pending = http.execute(reqwest_request(parts, url, body));
        Ok(Dispatched::Sent { pending, sent_to })
    }

    /// Waits for the exchange `dispatch` started and reads the response,
    /// bounded by the body limit.
    async fn receive(
        &self,
        dispatched: Result<
            Dispatched<impl Future<Output = reqwest::Result<reqwest::Response>>>,
            Error,
        >,
    ) -> Result<RawResponse, Error> {
        let (pending, sent_to) = match dispatched? {
            Dispatched::Sent { pending, sent_to } => (pending, sent_to),
            #[cfg(feature = "testing")]
            Dispatched::Mock(play) => return play.await,
        };
        let mut response = pending
            .await
            .map_err(|e| Error::Transport(TransportError::new(e)))?;
        if sent_to.is_some_and(|url| *response.url() != *url) {
            // A supplied client followed a redirect: the 3xx is gone, and the
            // answer came from somewhere else. Never a silent success.
            return Err(Error::Transport(TransportError::redirected(None)));
        }
        let status = response.status();
        let limit = self.inner.max_body_size;
        // A body that arrives in one chunk is used as it is; more chunks are
        // gathered into one buffer that grows as they arrive, never past the limit.
        let mut first: Option<Bytes> = None;
        let mut gathered: Option<BytesMut> = None;
        let mut len = 0usize;
        let mut truncated = false;
        loop {
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(e) => {
                    let headers = std::mem::take(response.headers_mut());
                    return Err(Error::Transport(TransportError::after_headers(
                        e, status, headers,
                    )));
                }
            };
            let room = limit - len;
            let chunk = if chunk.len() > room {
                truncated = true;
                chunk.slice(..room)
            } else {
                chunk
            };
            len += chunk.len();
            match (&mut first, &mut gathered) {
                (None, None) => first = Some(chunk),
                (Some(_), None) => {
                    // The declared length is only a hint: a server may declare
                    // 1 GB and send 10 bytes. Reserve at most a little of it;
                    // the buffer grows with the bytes that arrive.
                    let declared = response
                        .content_length()
                        .map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX));
                    let mut buffer =
                        BytesMut::with_capacity(declared.min(INITIAL_RESERVE).min(limit).max(len));
                    buffer.extend_from_slice(first.take().as_deref().unwrap_or_default());
                    buffer.extend_from_slice(&chunk);
                    gathered = Some(buffer);
                }
                (_, Some(buffer)) => buffer.extend_from_slice(&chunk),
            }
            if truncated {
                break;
            }
        }
        let body = match (first, gathered) {
            (_, Some(buffer)) => buffer.freeze(),
            (Some(chunk), None) => chunk,
            (None, None) => Bytes::new(),
        };
        let headers = std::mem::take(response.headers_mut());
        Ok(RawResponse::received(
            status,
            headers,
            body,
            truncated,
            self.inner.excerpt_limit,
        ))
    }
}

/// As the official SDK's HTTP stack does, after signing (so unsigned): a
/// request without a body says so, except GET and HEAD.
#[inline]
fn add_content_length(request: &mut http::Request<Bytes>) {
    if request.body().is_empty()
        && !matches!(*request.method(), http::Method::GET | http::Method::HEAD)
    {
        request
            .headers_mut()
            .entry(http::header::CONTENT_LENGTH)
            .or_insert(HeaderValue::from_static("0"));
    }
}

/// The URL the transport is given: parsed once, and never another one than
/// `prepare` showed. Below the client's base (the usual case) it is the base's
/// URL, parsed when the client was built, with the path and query set; any
/// other URI is parsed whole.
fn transport_url(parts: &http::request::Parts, base: Option<&Base>) -> Result<reqwest::Url, Error> {
    let uri = &parts.uri;
    let below_base = base.and_then(|base| {
        let url = base.url.as_ref()?;
        // Compared as text (the base's own parts are cloned, not re-cased).
        let same = uri.scheme_str() == Some(base.scheme.as_str())
            && uri.authority().map(|a| a.as_str()) == Some(base.authority.as_str());
        same.then_some(url)
    });
    let url = match below_base {
        Some(base_url) => {
            let mut url = base_url.clone();
            url.set_path(uri.path());
            url.set_query(uri.query());
            url
        }
        None => {
            // The URI's text (as `Display` writes it), on the stack when it fits.
            let mut text = UrlText::new();
            if let Some(scheme) = uri.scheme_str() {
                text.push(scheme);
                text.push("://");
            }
            if let Some(authority) = uri.authority() {
                text.push(authority.as_str());
            }
            text.push(uri.path());
            if let Some(query) = uri.query() {
                text.push("?");
                text.push(query);
            }
            reqwest::Url::parse(text.as_str()).map_err(|e| {
                Error::build("the request URL could not be parsed", Some(Box::new(e)))
            })?
        }
    };
    if url.path() != uri.path() || url.query() != uri.query() {
        return Err(Error::build(
            "the request URL would be changed by the transport (normalised); refusing to send it",
            None,
        ));
    }
    Ok(url)
}

/// Text written into a stack buffer, moved to the heap only when it outgrows it.
struct UrlText {
    stack: [u8; 512],
    len: usize,
    heap: Option<String>,
}

impl UrlText {
    fn new() -> Self {
        UrlText {
            stack: [0; 512],
            len: 0,
            heap: None,
        }
    }

    fn push(&mut self, piece: &str) {
        if let Some(heap) = &mut self.heap {
            heap.push_str(piece);
        } else if let Some(room) = self.stack.get_mut(self.len..self.len + piece.len()) {
            room.copy_from_slice(piece.as_bytes());
            self.len += piece.len();
        } else {
            let mut heap = String::with_capacity(2 * (self.len + piece.len()));
            heap.push_str(self.as_str());
            heap.push_str(piece);
            self.heap = Some(heap);
        }
    }

    fn as_str(&self) -> &str {
        match &self.heap {
            Some(heap) => heap,
            // Whole `&str` pieces only: always UTF-8.
            None => std::str::from_utf8(&self.stack[..self.len]).unwrap_or_default(),
        }
    }
}

/// The reqwest request for prepared parts: headers and body moved, not copied.
#[inline]
fn reqwest_request(
    parts: http::request::Parts,
    url: reqwest::Url,
    body: Bytes,
) -> reqwest::Request {
    let mut request = reqwest::Request::new(parts.method, url);
    *request.headers_mut() = parts.headers;
    *request.version_mut() = parts.version;
    // No body is no body (as a hand-written GET has), not an empty one.
    if !body.is_empty() {
        *request.body_mut() = Some(body.into());
    }
    request
}

/// A call's or an attempt's outcome on its span: the status, the request ID,
/// and the kind of failure.
fn record_outcome(span: &tracing::Span, result: &Result<RawResponse, Error>) {
    match result {
        Ok(raw) => {
            span.record("status", raw.status().as_u16());
            if let Some(id) = raw.request_id() {
                span.record("request_id", id.as_str());
            }
        }
        Err(e) => {
            if let Some(status) = e.status() {
                span.record("status", status.as_u16());
            }
            if let Some(id) = e.request_id() {
                span.record("request_id", id.as_str());
            }
            span.record("error", error_kind(e));
        }
    }
}

/// The tighter of an attempt's limit and what is left of the call's, and
/// which one it is.
fn attempt_limit_at(
    started: Instant,
    attempt_limit: Option<Duration>,
    deadline: Option<Instant>,
) -> Option<(Duration, TimeoutKind)> {
    let remaining = deadline.map(|d| d.saturating_duration_since(started));
    match (attempt_limit, remaining) {
        (Some(a), Some(r)) if r < a => Some((r, TimeoutKind::Total)),
        (Some(a), _) => Some((a, TimeoutKind::Attempt)),
        (None, Some(r)) => Some((r, TimeoutKind::Total)),
        (None, None) => None,
    }
}

/// One poll of an attempt bounded by `timer`, as `tokio::time::timeout`
/// polls: the work first, then the timer; `None` when the timer fired. If
/// the work used up the task's budget, the timer is polled outside it, so
/// that a busy attempt still times out.
fn poll_timed<W: Future>(
    work: std::pin::Pin<&mut W>,
    timer: Option<std::pin::Pin<&mut tokio::time::Sleep>>,
    cx: &mut std::task::Context<'_>,
) -> std::task::Poll<Option<W::Output>> {
    use std::task::Poll;
    let had_budget = tokio::task::coop::has_budget_remaining();
    if let Poll::Ready(output) = work.poll(cx) {
        return Poll::Ready(Some(output));
    }
    let Some(timer) = timer else {
        return Poll::Pending;
    };
    let fired = if had_budget && !tokio::task::coop::has_budget_remaining() {
        std::pin::pin!(tokio::task::coop::unconstrained(timer)).poll(cx)
    } else {
        timer.poll(cx)
    };
    fired.map(|()| None)
}

/// The kind of a failure, as spans record it (never a message: those may
/// quote a server's words).
fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::Build(_) => "build",
        Error::Auth(_) => "auth",
        Error::Transport(e) if e.is_timeout() => "timeout",
        Error::Transport(e) if e.is_connect() => "connect",
        Error::Transport(_) => "transport",
        Error::Api(_) => "api",
        Error::Decode(_) => "decode",
        Error::Paging(_) => "paging",
    }
}

fn retry_reason(result: &Result<RawResponse, Error>) -> String {
    match result {
        Ok(raw) => format!("HTTP {}", raw.status().as_u16()),
        Err(e) => error_kind(e).to_owned(),
    }
}

/// Options of one call, over the client's.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) max_attempts: Option<u32>,
    pub(crate) idempotent: Option<bool>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) total_timeout: Option<Duration>,
}

/// A call without options of its own (the client's and the endpoint's
/// apply): what a call's future borrows instead of keeping 136 bytes of
/// `None`s.
static NO_OPTIONS: CallOptions = CallOptions {
    retry: None,
    max_attempts: None,
    idempotent: None,
    attempt_timeout: None,
    total_timeout: None,
};

impl CallOptions {
    /// The options as a call's future keeps them: nothing when none were set
    /// (the usual call), boxed otherwise. [`CallOptions::get`] reads them back.
    pub(crate) fn kept(self) -> Option<Box<CallOptions>> {
        // Every field named: a new option cannot be forgotten here.
        let CallOptions {
            retry,
            max_attempts,
            idempotent,
            attempt_timeout,
            total_timeout,
        } = &self;
        let none = retry.is_none()
            && max_attempts.is_none()
            && idempotent.is_none()
            && attempt_timeout.is_none()
            && total_timeout.is_none();
        if none { None } else { Some(Box::new(self)) }
    }

    /// The options [`CallOptions::kept`] kept.
    pub(crate) fn get(kept: &Option<Box<CallOptions>>) -> &CallOptions {
        kept.as_deref().unwrap_or(&NO_OPTIONS)
    }
}

/// One call with options of its own: made by [`Client::call`], sent by
/// [`Call::send`]. Its options win over the endpoint's declarations, which win
/// over the client's.
#[must_use = "a call does nothing until `.send().await`"]
pub struct Call<'c, E> {
    client: &'c Client,
    endpoint: E,
    options: CallOptions,
}

impl<E> fmt::Debug for Call<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<E: Endpoint> Call<'_, E> {
    /// The retry policy of this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// The most attempts of this call (1: never retried).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.options.max_attempts = Some(attempts.max(1));
        self
    }

    /// Whether this call may be sent more than once (a `POST` the service
    /// deduplicates by a client token, say), whatever its method.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.options.idempotent = Some(idempotent);
        self
    }

    /// The limit on each attempt.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.options.attempt_timeout = Some(timeout);
        self
    }

    /// The limit on the whole call, across attempts and waits.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.total_timeout = Some(timeout);
        self
    }

    /// Sends the call and decodes its response. The error is the endpoint's
    /// [`Endpoint::Error`] (see [`Client::send`]).
    ///
    /// The request is built from the endpoint when `send` is called; the
    /// future keeps that request, not the endpoint.
    pub fn send(self) -> impl Future<Output = Result<E::Response, E::Error>> {
        let Call {
            client,
            endpoint,
            options,
        } = self;
        let request = endpoint.to_request();
        let options = options.kept();
        async move {
            // One `Error` inside; converted once, here (the identity for an
            // endpoint without `error = ...`). The request is borrowed from
            // this future, not moved into another one.
            let result = match request {
                Err(e) => Err(e),
                Ok(ref request) => match client.run(request, CallOptions::get(&options)).await {
                    Ok(raw) => E::Response::from_raw(raw),
                    Err(e) => Err(e),
                },
            };
            result.map_err(E::Error::from)
        }
    }
}

/// Whether a percent-encoded path segment is `.` or `..` as a URL parser
/// reads it (`%2E` counts as `.`).
fn is_dot_segment(segment: &str) -> bool {
    // One or two dots, each written `.` or `%2E` (any case); no allocation.
    let mut rest = segment.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', tail @ ..] => tail,
            [b'%', b'2', b'e' | b'E', tail @ ..] => tail,
            _ => return false,
        };
        dots += 1;
    }
    dots == 1 || dots == 2
}

fn check_path(path: &str) -> Result<(), Error> {
    if !path.is_empty() && !path.starts_with('/') {
        return Err(Error::build(
            "the request path does not start with `/`; write `/v1/...`",
            None,
        ));
    }
    // A dot-segment has a `.`, plain or written `%2E`: most paths have
    // neither, and need no look at their segments.
    let may_have_dots = path.bytes().any(|b| b == b'.' || b == b'%');
    if may_have_dots && path.split('/').any(is_dot_segment) {
        return Err(Error::build(
            "the request path has a dot-segment (`.` or `..`), which would address another resource",
            None,
        ));
    }
    Ok(())
}

/// The endpoint with any `user:password@` replaced by `***@`, for messages.
fn shown(endpoint: &str) -> String {
    let start = endpoint.find("://").map_or(0, |i| i + 3);
    let end = endpoint[start..]
        .find(['/', '?', '#'])
        .map_or(endpoint.len(), |i| start + i);
    match endpoint[start..end].rfind('@') {
        Some(at) => format!("{}***{}", &endpoint[..start], &endpoint[start + at..]),
        None => endpoint.to_owned(),
    }
}

fn parse_base(endpoint: &str) -> Result<Arc<Base>, Error> {
    const FORM: &str = "write `https://host[:port][/prefix]`";
    let shown = shown(endpoint);
    let invalid = |why: &str| Error::build(format!("invalid endpoint URL `{shown}`: {why}"), None);
    if shown != endpoint {
        // Not echoed: the user part may hold a password.
        return Err(invalid(
            "it holds user credentials (`user:password@`), which cloudwire never sends; remove them and authenticate with `.auth(...)`",
        ));
    }
    if endpoint.contains('#') {
        return Err(invalid("a base URL has no `#fragment`; remove it"));
    }
    let uri: http::Uri = endpoint.parse().map_err(|e| {
        Error::build(
            format!("invalid endpoint URL `{shown}`: {FORM}"),
            Some(Box::new(e)),
        )
    })?;
    let Some(authority) = uri.authority() else {
        return Err(invalid(FORM));
    };
    if !matches!(uri.scheme_str(), Some("http" | "https")) {
        return Err(invalid(FORM));
    }
    if authority.host().is_empty() {
        return Err(invalid("the host is missing"));
    }
    // The text after the host (past an IPv6 literal's `]`), if any.
    let after_host = authority
        .as_str()
        .rsplit_once(']')
        .map_or(authority.as_str(), |(_, rest)| rest);
    if let Some((_, port)) = after_host.rsplit_once(':') {
        if port.is_empty() {
            return Err(invalid(
                "the port is empty; write a number after `:` or drop the `:`",
            ));
        }
        if !port.bytes().all(|b| b.is_ascii_digit())
            || !matches!(port.parse::<u32>(), Ok(1..=65535))
        {
            return Err(invalid("the port is not a number from 1 to 65535"));
        }
    }
    if uri.query().is_some() || endpoint.contains('?') {
        return Err(invalid("a base URL has no query"));
    }
    let prefix = uri.path().trim_end_matches('/');
    if prefix.split('/').any(is_dot_segment) {
        return Err(invalid("the path has a dot-segment (`.` or `..`)"));
    }
    let text = endpoint.trim_end_matches('/');
    // The scheme and authority as a parse of a whole request URL
    // (`{text}/path?query`) reads them: they end where `text`'s path starts.
    let trimmed: http::Uri = text.parse().map_err(|e| {
        Error::build(
            format!("invalid endpoint URL `{shown}`: {FORM}"),
            Some(Box::new(e)),
        )
    })?;
    let (Some(scheme), Some(authority)) = (trimmed.scheme(), trimmed.authority()) else {
        return Err(invalid(FORM));
    };
    let prefix = text
        .find("://")
        .map(|at| at + "://".len() + authority.as_str().len())
        .filter(|&at| {
            text.get(at..)
                .is_some_and(|p| p.is_empty() || p.starts_with('/'))
        })
        .ok_or_else(|| invalid(FORM))?;
    Ok(Arc::new(Base {
        scheme: scheme.clone(),
        authority: authority.clone(),
        prefix,
        url: reqwest::Url::parse(text).ok().map(|mut url| {
            // The clone a request starts from copies this URL's text, so a
            // placeholder path makes room for the request's path and query
            // (set over it) without growing the copy.
            url.set_path(PATH_ROOM);
            url
        }),
        text: text.into(),
    }))
}

/// Configures a [`Client`]. Start with [`Client::builder`].
///
/// ```
/// use std::time::Duration;
/// use cloudwire::{Client, auth::Token};
///
/// let client = Client::builder()
///     .endpoint("https://iam.myhuaweicloud.com")
///     .auth(Token::new("MIIE..."))
///     .default_header("X-Language", "en-us")
///     .user_agent("my-tool/1.2")
///     .connect_timeout(Duration::from_secs(3))
///     .timeout(Duration::from_secs(30))
///     .max_body_size(4 * 1024 * 1024)
///     .error_excerpt_limit(1024)
///     .build()
///     .unwrap();
/// assert_eq!(client.endpoint(), "https://iam.myhuaweicloud.com");
/// ```
#[must_use]
#[derive(Clone)]
pub struct ClientBuilder {
    endpoint: Option<String>,
    default_headers: Vec<(String, String)>,
    auth: Option<Arc<dyn Authenticate>>,
    user_agent: String,
    content_type: String,
    timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    max_body_size: usize,
    excerpt_limit: usize,
    http: Option<reqwest::Client>,
    #[cfg(feature = "testing")]
    mock: Option<crate::testing::MockTransport>,
    network: crate::network::Network,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            endpoint: None,
            default_headers: Vec::new(),
            auth: None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            content_type: DEFAULT_CONTENT_TYPE.to_owned(),
            timeout: Some(DEFAULT_TOTAL_TIMEOUT),
            attempt_timeout: Some(DEFAULT_ATTEMPT_TIMEOUT),
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            retry: RetryPolicy::default(),
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            excerpt_limit: DEFAULT_EXCERPT_LIMIT,
            http: None,
            #[cfg(feature = "testing")]
            mock: None,
            network: crate::network::Network::default(),
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint.as_deref().map(shown))
            .field("auth", &self.auth)
            .field("timeout", &self.timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("network", &self.network)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The service's base URL, e.g. `https://iam.myhuaweicloud.com` (required).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// A header sent with every request (a request's own header of the same name wins).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// How requests are authenticated (token, AK/SK signing, ...).
    pub fn auth(mut self, auth: impl Authenticate + 'static) -> Self {
        self.auth = Some(Arc::new(auth));
        self
    }

    /// Shares one authentication step between clients.
    pub fn auth_shared(mut self, auth: Arc<dyn Authenticate>) -> Self {
        self.auth = Some(auth);
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The `Content-Type` of requests whose endpoint declares none (default
    /// `application/json`, as the official SDK sends on every request). An
    /// endpoint's `content_type = "..."` and a request's own header win.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// The limit on a whole call: every attempt and the waits between them
    /// (default 300 s). Enforced by cloudwire itself, whatever HTTP client it
    /// uses; running out is a [`TimeoutKind::Total`] timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The limit on one attempt: sending the request and reading the whole
    /// response (default 120 s). Enforced by cloudwire itself; running out is
    /// a [`TimeoutKind::Attempt`] timeout, retried for idempotent requests.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The limit on establishing a connection (default 10 s); a
    /// [`TimeoutKind::Connect`] timeout, retried for every method since
    /// nothing was sent. A supplied `reqwest::Client` keeps its own connect
    /// timeout; the attempt and total limits bound it still.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Removes the attempt and total limits (the connect limit stays): a
    /// call can then wait as long as the server lets it.
    pub fn no_timeouts(mut self) -> Self {
        self.timeout = None;
        self.attempt_timeout = None;
        self
    }

    /// The retry policy (default: [`RetryPolicy::default`], up to 3 attempts
    /// of what may be retried). [`RetryPolicy::none`] sends every call once.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The most body bytes read from a response, counted after a `gzip` or
    /// `deflate` body is decoded (so a small compressed body cannot inflate past
    /// it). A longer success body is an [`Error::Decode`]; a longer error body is
    /// cut, and the error keeps its excerpt.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// From how many body bytes an error takes its excerpt (default 4 KiB).
    /// The text can be longer than the bytes: invalid UTF-8 shows as U+FFFD.
    pub fn error_excerpt_limit(mut self, bytes: usize) -> Self {
        self.excerpt_limit = bytes;
        self
    }

    /// Uses this `reqwest::Client` (its pool, TLS and proxy settings). The
    /// attempt and total timeouts still apply (cloudwire enforces them); its
    /// own connect timeout replaces the builder's. A client that follows
    /// redirects gets an error instead of the redirected answer. Build it with
    /// `.redirect(reqwest::redirect::Policy::none())` to keep cloudwire's rule
    /// that a 3xx is an error and credentials never follow a redirect.
    ///
    /// Compressed responses are decoded by the `reqwest::Client`, which also
    /// sends `Accept-Encoding` (after signing, so it is never signed) for the
    /// codings it decodes: `gzip` and `deflate` unless it was built with
    /// `.no_gzip()` / `.no_deflate()`, in which case it asks for none.
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sends every request through a [`MockTransport`](crate::testing::MockTransport)
    /// instead of the network (feature `testing`): it records each request as
    /// it would go on the wire, signed, and answers from its script. It
    /// replaces any `reqwest_client`; everything else (signing, retries,
    /// timeouts, body limit, error decoding) works as over HTTP.
    ///
    /// ```
    /// use cloudwire::{Client, testing::MockTransport};
    ///
    /// let mock = MockTransport::new();
    /// let client = Client::builder()
    ///     .endpoint("https://iam.myhuaweicloud.com")
    ///     .transport(mock.clone())
    ///     .build()
    ///     .unwrap();
    /// # let _ = client;
    /// ```
    #[cfg(feature = "testing")]
    #[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
    pub fn transport(mut self, mock: crate::testing::MockTransport) -> Self {
        self.mock = Some(mock);
        self
    }

    /// Sends every request through this HTTP proxy (`http://host:port`),
    /// `https://` URLs by `CONNECT`: the official SDK's `HttpConfig` proxy
    /// settings. Without it, the standard variables apply: `HTTPS_PROXY`,
    /// `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (upper or lower case), read
    /// when the client is built, as the SDK's HTTP stack reads them.
    ///
    /// ```
    /// use cloudwire::Client;
    ///
    /// let client = Client::builder()
    ///     .endpoint("https://iam.myhuaweicloud.com")
    ///     .proxy("http://proxy.example:3128")
    ///     .proxy_credentials("alice", "pa55word")
    ///     .build()
    ///     .unwrap();
    /// assert!(!format!("{client:?}").contains("pa55word"));
    /// ```
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.network.set_proxy(url.into());
        self
    }

    /// The user and password the proxy asks for (`Proxy-Authorization: Basic`),
    /// the SDK's `proxy_user` and `proxy_password`.
    pub fn proxy_credentials(
        mut self,
        user: impl Into<String>,
        password: impl Into<crate::Secret>,
    ) -> Self {
        self.network
            .set_proxy_credentials(user.into(), password.into());
        self
    }

    /// Ignores the proxy variables (`HTTPS_PROXY`, ...): connect directly
    /// unless [`proxy`](Self::proxy) says otherwise.
    pub fn no_proxy(mut self) -> Self {
        self.network.set_no_proxy();
        self
    }

    /// Also trusts the CA certificates of this PEM bundle (one or more
    /// `-----BEGIN CERTIFICATE-----` blocks), besides the system's: the SDK's
    /// `ssl_ca_cert`. Not PEM is an error at [`build`](Self::build).
    ///
    /// ```
    /// let err = cloudwire::Client::builder()
    ///     .endpoint("https://iam.example")
    ///     .add_ca_certificates_pem("not a certificate")
    ///     .build()
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("the CA bundle holds no certificate"));
    /// ```
    pub fn add_ca_certificates_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.network.add_root_certificates(pem.as_ref().to_vec());
        self
    }

    /// Presents this client certificate: PEM holding the certificate (and
    /// any intermediates) and its private key, the SDK's `cert_file` and
    /// `key_file` put together. The PEM is kept as a secret.
    pub fn client_certificate_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.network.set_identity(pem.as_ref().to_vec());
        self
    }

    /// **Dangerous**: accepts any server certificate, expired, self-signed or
    /// for another host, as the SDK's `ignore_ssl_verification = True` does.
    /// Anyone on the path can then pose as the service and read what is
    /// sent to it, credentials included. For tests against local servers
    /// only; building such a client logs a `tracing` warning.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.network.set_accept_invalid_certs(accept);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let endpoint = self.endpoint.as_deref().ok_or_else(|| {
            Error::build(
                "no endpoint: call `.endpoint(\"https://...\")` on the builder",
                None,
            )
        })?;
        let base = parse_base(endpoint)?;
        let mut default_headers = HeaderMap::new();
        // The defaults as static values: a request's copy of a static value
        // is free; one made from a string shares its bytes through a count
        // that every request changes, from every thread.
        let user_agent = if self.user_agent == DEFAULT_USER_AGENT {
            HeaderValue::from_static(DEFAULT_USER_AGENT)
        } else {
            HeaderValue::from_str(&self.user_agent)
                .map_err(|e| Error::build("invalid user agent", Some(Box::new(e))))?
        };
        default_headers.insert(USER_AGENT, user_agent);
        let content_type = if self.content_type == DEFAULT_CONTENT_TYPE {
            HeaderValue::from_static(DEFAULT_CONTENT_TYPE)
        } else {
            HeaderValue::from_str(&self.content_type)
                .map_err(|e| Error::build("invalid content type", Some(Box::new(e))))?
        };
        default_headers.insert(CONTENT_TYPE, content_type);
        for (name, value) in &self.default_headers {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|e| {
                Error::build(format!("invalid header name `{name}`"), Some(Box::new(e)))
            })?;
            let mut value = HeaderValue::from_str(value).map_err(|e| {
                Error::build(
                    format!("invalid value for header `{name}`"),
                    Some(Box::new(e)),
                )
            })?;
            if crate::redact::is_secret_header(name) {
                value.set_sensitive(true);
            }
            default_headers.append(header, value);
        }
        if self.http.is_some() && self.network.is_set() {
            return Err(Error::build(
                "proxy and TLS settings apply to the HTTP client cloudwire builds; with `.reqwest_client(...)`, set them on that client",
                None,
            ));
        }
        #[cfg(feature = "testing")]
        let transport = match self.mock {
            Some(mock) => Transport::Mock(mock),
            None => reqwest_transport(self.http, self.connect_timeout, &self.network)?,
        };
        #[cfg(not(feature = "testing"))]
        let transport = reqwest_transport(self.http, self.connect_timeout, &self.network)?;
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                default_headers,
                auth: self.auth,
                max_body_size: self.max_body_size,
                excerpt_limit: self.excerpt_limit,
                retry: self.retry,
                attempt_timeout: self.attempt_timeout,
                total_timeout: self.timeout,
            }),
            base,
        })
    }
}

/// The HTTP transport: the supplied `reqwest::Client`, or cloudwire's own.
fn reqwest_transport(
    http: Option<reqwest::Client>,
    connect_timeout: Option<Duration>,
    network: &crate::network::Network,
) -> Result<Transport, Error> {
    if let Some(http) = http {
        return Ok(Transport::Reqwest {
            http,
            supplied: true,
        });
    }
    // Redirects are answers, not detours: a 3xx becomes `Error::Api`,
    // and credentials are never replayed to another host.
    // Compressed bodies are decoded as the official SDK (Python
    // `requests`) decodes them; reqwest adds `Accept-Encoding` after
    // the request was signed, so it is never signed, as in the SDK.
    // Header names go out in title case (`X-Sdk-Date`, `Content-Type`), as
    // the official SDKs write them, not in the lower case `http` keeps them in.
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .gzip(true)
        .deflate(true)
        .http1_title_case_headers();
    // Attempt and total limits are cloudwire's own (they hold for a
    // supplied client too); only the connect limit is reqwest's.
    if let Some(t) = connect_timeout {
        builder = builder.connect_timeout(t);
    }
    let builder = network.apply(builder)?;
    let http = builder
        .build()
        .map_err(|e| Error::build("the HTTP client could not be created", Some(Box::new(e))))?;
    Ok(Transport::Reqwest {
        http,
        supplied: false,
    })
}

#[cfg(test)]
mod tests {
    use super::{Request, is_dot_segment, parse_base, transport_url};
    use http::Method;

    /// The URI built from the base's parts is the one a parse of the whole
    /// URL gives (the way every request was built before), and the text the
    /// transport parses is that URI's own.
    #[test]
    fn request_uris_are_those_the_whole_url_parses_to() {
        let bases = [
            "https://iam.myhuaweicloud.com",
            "https://iam.myhuaweicloud.com/",
            "http://127.0.0.1:8080",
            "https://ecs.cn-north-4.myhuaweicloud.com:443/",
            "https://[::1]:9443/prefix",
            "HTTPS://Host.Example/a/b//",
            "https://h/p%20q",
        ];
        let paths = [
            "",
            "/",
            "/v1/instances",
            "/v3/users/a%2Fb%20c",
            "/v1/raw space/é",
            "/v1/x#fragment",
            "/v1/p/",
        ];
        let queries: [&[(&str, &str)]; 5] = [
            &[],
            &[("limit", "10")],
            &[("marker", "a b/c"), ("limit", "")],
            &[("", "é&=?#")],
            &[("k", "1"), ("k", "2"), ("x y", "%")],
        ];
        let mut compared = 0;
        for base_text in bases {
            let base = parse_base(base_text).unwrap();
            for path in paths {
                for query in queries {
                    let mut request = Request::new(Method::GET, path);
                    for (k, v) in query {
                        request.push_query(*k, *v);
                    }
                    let whole = format!("{}{}", base.text, request.path_and_query());
                    let parsed: http::Uri = match whole.parse() {
                        Ok(parsed) => parsed,
                        Err(_) => {
                            let err = base.uri(&request).unwrap_err();
                            assert!(err.to_string().contains("invalid request URL"), "{err}");
                            continue;
                        }
                    };
                    let built = base.uri(&request).unwrap();
                    compared += 1;
                    assert_eq!(built, parsed, "{whole}");
                    assert_eq!(built.to_string(), parsed.to_string(), "{whole}");
                    assert_eq!(
                        built.path_and_query().map(|pq| pq.as_str()),
                        parsed.path_and_query().map(|pq| pq.as_str()),
                        "{whole}"
                    );
                    assert_eq!(built.authority(), parsed.authority(), "{whole}");
                    assert_eq!(built.scheme(), parsed.scheme(), "{whole}");
                    let (parts, ()) = http::Request::get(built.clone())
                        .body(())
                        .unwrap()
                        .into_parts();
                    match (
                        transport_url(&parts, None),
                        reqwest::Url::parse(&built.to_string()),
                    ) {
                        (Ok(url), Ok(expected)) => assert_eq!(url, expected, "{whole}"),
                        (Err(_), _) => {}
                        (Ok(url), Err(e)) => panic!("{whole}: {url} but {e}"),
                    }
                    // The base's URL with the path and query set is the URL
                    // the whole text parses to, or refused alike.
                    match (
                        transport_url(&parts, Some(&base)),
                        transport_url(&parts, None),
                    ) {
                        (Ok(url), Ok(whole_url)) => {
                            assert_eq!(url.as_str(), whole_url.as_str(), "{whole}");
                            assert_eq!(url, whole_url, "{whole}");
                        }
                        (Err(_), Err(_)) => {}
                        (a, b) => panic!("{whole}: {a:?} against {b:?}"),
                    }
                }
            }
        }
        assert!(compared >= 150, "{compared}");
        // Too long for `http::Uri`: the parser's error, as before.
        let base = parse_base("https://h").unwrap();
        let long = format!("/{}", "a".repeat(usize::from(u16::MAX)));
        let err = base.uri(&Request::new(Method::GET, long)).unwrap_err();
        assert!(err.to_string().contains("invalid request URL"), "{err}");
        // A URL longer than the stack buffer goes through the heap.
        let long = format!("/{}", "a".repeat(2000));
        let uri = base.uri(&Request::new(Method::GET, long.as_str())).unwrap();
        let (parts, ()) = http::Request::get(uri).body(()).unwrap().into_parts();
        assert_eq!(transport_url(&parts, None).unwrap().path(), long);
        assert_eq!(transport_url(&parts, Some(&base)).unwrap().path(), long);
    }

    #[test]
    fn dot_segments_as_a_url_parser_reads_them() {
        for dot in [".", "..", "%2e", "%2E", ".%2e", "%2E.", "%2e%2E"] {
            assert!(is_dot_segment(dot), "{dot}");
        }
        for not in [
            "",
            "...",
            "a",
            ".a",
            "a.",
            "%2e%2e%2e",
            "%2",
            "%2f",
            "%252e",
        ] {
            assert!(!is_dot_segment(not), "{not}");
        }
    }

    /// An attempt that uses up the task's budget on every poll still times
    /// out: the timer is then polled outside the budget, as tokio's
    /// `timeout` polls its delay.
    #[tokio::test]
    async fn a_busy_attempt_still_times_out() {
        let busy = async {
            loop {
                tokio::task::coop::consume_budget().await;
            }
        };
        let mut work = std::pin::pin!(busy);
        let mut timer = super::AttemptTimer::new(std::time::Duration::from_millis(20));
        let polled =
            std::future::poll_fn(|cx| super::poll_timed(work.as_mut(), Some(timer.sleep()), cx));
        // Bounded from outside, so that a failure fails rather than hangs.
        let outcome = tokio::time::timeout(std::time::Duration::from_secs(5), polled).await;
        assert!(matches!(outcome, Ok(None)), "the timer did not fire");
    }

    /// Work that is ready wins over a timer that has fired too, as with
    /// tokio's `timeout`; without a timer, the work's output.
    #[tokio::test]
    async fn ready_work_wins_and_no_timer_never_fires() {
        let mut work = std::pin::pin!(async { 7 });
        let mut timer = super::AttemptTimer::new(std::time::Duration::ZERO);
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let polled =
            std::future::poll_fn(|cx| super::poll_timed(work.as_mut(), Some(timer.sleep()), cx));
        assert_eq!(polled.await, Some(7));
        let mut work = std::pin::pin!(async {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            8
        });
        let polled = std::future::poll_fn(|cx| super::poll_timed(work.as_mut(), None, cx));
        assert_eq!(polled.await, Some(8));
    }
}
