//! The client: a base URL, defaults, credentials and a connection pool.

use crate::auth::Authenticate;
use crate::error::{Error, TransportError};
use crate::request::{Endpoint, Request};
use crate::response::{ApiResponse, DEFAULT_EXCERPT_LIMIT, RawResponse};
use bytes::{Bytes, BytesMut};
use http::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The default limit on how many body bytes a response may have (16 MiB).
pub const DEFAULT_MAX_BODY_SIZE: usize = 16 * 1024 * 1024;

/// The `Content-Type` of a request whose endpoint declares none: the official
/// SDK's default, sent on every request (`GET`, `HEAD` and `DELETE` included)
/// and signed with it.
pub const DEFAULT_CONTENT_TYPE: &str = "application/json";

/// The most body bytes reserved before they arrive, whatever `Content-Length`
/// a response declares (64 KiB); the buffer grows with the bytes that do.
const INITIAL_RESERVE: usize = 64 * 1024;

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
    base: Arc<str>,
}

struct Inner {
    http: reqwest::Client,
    default_headers: HeaderMap,
    auth: Option<Arc<dyn Authenticate>>,
    max_body_size: usize,
    excerpt_limit: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.base)
            .field(
                "default_headers",
                &crate::redact::Headers(&self.inner.default_headers),
            )
            .field("auth", &self.inner.auth)
            .field("max_body_size", &self.inner.max_body_size)
            .field("excerpt_limit", &self.inner.excerpt_limit)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder with the defaults: no timeout but a 10 s connect timeout, user
    /// agent `cloudwire/<version>`, content type `application/json`, 16 MiB
    /// body limit, 4 KiB error excerpts, `gzip` and `deflate` responses
    /// accepted and decoded.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn endpoint(&self) -> &str {
        &self.base
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
    pub async fn send<E: Endpoint>(&self, endpoint: E) -> Result<E::Response, Error> {
        let request = endpoint.to_request()?;
        let raw = self.send_request(request).await?;
        E::Response::from_raw(raw)
    }

    /// Sends a request and returns the response as it came, whatever its status.
    pub async fn send_request(&self, request: Request) -> Result<RawResponse, Error> {
        let request = self.prepare(request).await?;
        self.execute(request).await
    }

    /// Builds the `http::Request` that would be sent, credentials included.
    ///
    /// What it shows is what goes on the wire: a path that starts with anything
    /// but `/` or holds a dot-segment (`.`, `..`, `%2E`, ...), which the
    /// transport would resolve to another resource, is refused here.
    pub async fn prepare(&self, request: Request) -> Result<http::Request<Bytes>, Error> {
        check_path(request.path())?;
        let url = format!("{}{}", self.base, request.path_and_query());
        let mut builder = http::Request::builder()
            .method(request.method().clone())
            .uri(&url);
        if let Some(headers) = builder.headers_mut() {
            for (name, value) in &self.inner.default_headers {
                headers.insert(name.clone(), value.clone());
            }
            for name in request.headers().keys() {
                headers.remove(name);
            }
            for (name, value) in request.headers() {
                headers.append(name.clone(), value.clone());
            }
        }
        let mut http_request = builder
            .body(request.body().clone())
            .map_err(|e| Error::build("invalid request URL", Some(Box::new(e))))?;
        if let Some(auth) = &self.inner.auth {
            auth.authenticate(&mut http_request).await?;
        }
        Ok(http_request)
    }

    /// Sends a prepared request and reads the response, bounded by the body limit.
    pub async fn execute(&self, mut request: http::Request<Bytes>) -> Result<RawResponse, Error> {
        // As the official SDK's HTTP stack does, after signing (so unsigned):
        // a request without a body says so, except GET and HEAD.
        if request.body().is_empty()
            && !matches!(*request.method(), http::Method::GET | http::Method::HEAD)
        {
            request
                .headers_mut()
                .entry(http::header::CONTENT_LENGTH)
                .or_insert(HeaderValue::from_static("0"));
        }
        let (path, query) = (
            request.uri().path().to_owned(),
            request.uri().query().map(str::to_owned),
        );
        let request = reqwest::Request::try_from(request)
            .map_err(|e| Error::build("the request could not be converted", Some(Box::new(e))))?;
        // The transport re-parses the URL; never let it send another one.
        if request.url().path() != path || request.url().query() != query.as_deref() {
            return Err(Error::build(
                "the request URL would be changed by the transport (normalised); refusing to send it",
                None,
            ));
        }
        let mut response = self
            .inner
            .http
            .execute(request)
            .await
            .map_err(|e| Error::Transport(TransportError::new(e)))?;
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
        Ok(RawResponse::new(status, headers, body)
            .with_body_truncated(truncated)
            .with_excerpt_limit(self.inner.excerpt_limit))
    }
}

/// Whether a percent-encoded path segment is `.` or `..` as a URL parser
/// reads it (`%2E` counts as `.`).
fn is_dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let dots = lower.replace("%2e", ".");
    dots == "." || dots == ".."
}

fn check_path(path: &str) -> Result<(), Error> {
    if !path.is_empty() && !path.starts_with('/') {
        return Err(Error::build(
            "the request path does not start with `/`; write `/v1/...`",
            None,
        ));
    }
    if path.split('/').any(is_dot_segment) {
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

fn parse_base(endpoint: &str) -> Result<Arc<str>, Error> {
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
    Ok(Arc::from(endpoint.trim_end_matches('/')))
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
pub struct ClientBuilder {
    endpoint: Option<String>,
    default_headers: Vec<(String, String)>,
    auth: Option<Arc<dyn Authenticate>>,
    user_agent: String,
    content_type: String,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_body_size: usize,
    excerpt_limit: usize,
    http: Option<reqwest::Client>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            endpoint: None,
            default_headers: Vec::new(),
            auth: None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            content_type: DEFAULT_CONTENT_TYPE.to_owned(),
            timeout: None,
            connect_timeout: Some(Duration::from_secs(10)),
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            excerpt_limit: DEFAULT_EXCERPT_LIMIT,
            http: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint.as_deref().map(shown))
            .field("auth", &self.auth)
            .field("timeout", &self.timeout)
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

    /// A limit on a whole call: connect, send, and read the response.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// A limit on establishing a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
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

    /// How many body bytes an error keeps as its excerpt (default 4 KiB).
    pub fn error_excerpt_limit(mut self, bytes: usize) -> Self {
        self.excerpt_limit = bytes;
        self
    }

    /// Uses this `reqwest::Client` (its pool, TLS and proxy settings); the
    /// builder's timeouts then do not apply. Build it with
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
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|e| Error::build("invalid user agent", Some(Box::new(e))))?;
        default_headers.insert(USER_AGENT, user_agent);
        let content_type = HeaderValue::from_str(&self.content_type)
            .map_err(|e| Error::build("invalid content type", Some(Box::new(e))))?;
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
        let http = match self.http {
            Some(http) => http,
            None => {
                // Redirects are answers, not detours: a 3xx becomes `Error::Api`,
                // and credentials are never replayed to another host.
                // Compressed bodies are decoded as the official SDK (Python
                // `requests`) decodes them; reqwest adds `Accept-Encoding` after
                // the request was signed, so it is never signed, as in the SDK.
                let mut builder = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .gzip(true)
                    .deflate(true);
                if let Some(t) = self.timeout {
                    builder = builder.timeout(t);
                }
                if let Some(t) = self.connect_timeout {
                    builder = builder.connect_timeout(t);
                }
                builder.build().map_err(|e| {
                    Error::build("the HTTP client could not be created", Some(Box::new(e)))
                })?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                default_headers,
                auth: self.auth,
                max_body_size: self.max_body_size,
                excerpt_limit: self.excerpt_limit,
            }),
            base,
        })
    }
}
