//! Responses as they came off the wire, and the trait that turns them into typed values.

use crate::error::Error;
use crate::request_id::RequestId;
use bytes::Bytes;
use http::{HeaderMap, StatusCode};

/// The name of the header that carries the request ID.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The default number of body bytes an error takes its excerpt from (4 KiB).
pub const DEFAULT_EXCERPT_LIMIT: usize = 4 * 1024;

/// The `X-Request-Id` header, trimmed, when present and not blank.
pub(crate) fn header_request_id(headers: &HeaderMap) -> Option<RequestId> {
    const NAME: http::HeaderName = http::HeaderName::from_static(REQUEST_ID_HEADER);
    let value = headers.get(NAME)?;
    // Visible ASCII (the usual ID) is read as it is; other bytes lossily.
    let text = match value.to_str() {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(value.as_bytes()),
    };
    let text = text.trim();
    (!text.is_empty()).then(|| RequestId::from(text))
}

/// A response as it came off the wire: status, headers and (bounded) body.
///
/// The client builds one for every call and hands it to
/// [`ApiResponse::from_raw`]. Tests can build one by hand to exercise a
/// response type without a server.
///
/// ```
/// use cloudwire::{RawResponse, http::{HeaderMap, StatusCode}};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("X-Request-Id", "req-1".parse().unwrap());
/// let raw = RawResponse::new(StatusCode::OK, headers, r#"{"ok":true}"#);
/// assert_eq!(raw.request_id().unwrap().as_str(), "req-1");
/// assert_eq!(raw.body(), br#"{"ok":true}"#);
/// ```
#[derive(Clone)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    body_truncated: bool,
    excerpt_limit: usize,
    attempts: crate::error::AttemptsSlot,
    /// The error body, once read (by the retry rules): the error built from
    /// this response takes it instead of reading the body again.
    read_error: std::sync::OnceLock<crate::error::ReadErrorBody>,
}

impl RawResponse {
    /// A response with the given status, headers and complete body.
    pub fn new(status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        RawResponse::received(status, headers, body.into(), false, DEFAULT_EXCERPT_LIMIT)
    }

    /// A response as the transport received it: built whole, in place (the
    /// `with_` methods move it once each).
    pub(crate) fn received(
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        body_truncated: bool,
        excerpt_limit: usize,
    ) -> Self {
        RawResponse {
            status,
            headers,
            body,
            body_truncated,
            excerpt_limit,
            attempts: None,
            read_error: std::sync::OnceLock::new(),
        }
    }

    /// Marks the body as cut short at the client's body limit.
    pub fn with_body_truncated(mut self, truncated: bool) -> Self {
        self.body_truncated = truncated;
        self
    }

    /// Sets how many body bytes an error built from this response keeps as its excerpt.
    pub fn with_excerpt_limit(mut self, limit: usize) -> Self {
        self.excerpt_limit = limit;
        // Read for another limit: read again when asked.
        self.read_error = std::sync::OnceLock::new();
        self
    }

    /// The error body's code (its `error_code`, or a variant's), read once and
    /// kept for the error built from this response.
    pub(crate) fn error_code(&self) -> Option<&str> {
        self.read_error
            .get_or_init(|| crate::error::ReadErrorBody::read(&self.body, self.excerpt_limit))
            .code
            .as_deref()
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body bytes (at most the client's body limit).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as shared bytes (a cheap clone of the buffer).
    pub fn body_bytes(&self) -> Bytes {
        self.body.clone()
    }

    /// How many attempts the call made to get this response (1 when it was
    /// not retried).
    pub fn attempts(&self) -> u32 {
        self.attempts.as_ref().map_or(1, |a| a.count)
    }

    /// The request IDs of the attempts before this response's, oldest first.
    pub fn earlier_request_ids(&self) -> &[RequestId] {
        self.attempts
            .as_ref()
            .map_or(&[], |a| &a.earlier_request_ids)
    }

    /// Records the call's attempts in place, when there was more than one.
    pub(crate) fn set_attempts(&mut self, attempts: crate::error::Attempts) {
        if attempts.count > 1 {
            self.attempts = Some(Box::new(attempts));
        }
    }

    pub(crate) fn attempts_slot(&self) -> crate::error::AttemptsSlot {
        self.attempts.clone()
    }

    /// Whether the body was longer than the client's body limit and was cut short.
    pub fn body_truncated(&self) -> bool {
        self.body_truncated
    }

    /// The excerpt limit errors built from this response use.
    pub fn excerpt_limit(&self) -> usize {
        self.excerpt_limit
    }

    /// The request ID: the `X-Request-Id` header (any case), else a top-level
    /// `request_id` string in a JSON body, else `None`.
    pub fn request_id(&self) -> Option<RequestId> {
        self.header_request_id()
            .or_else(|| crate::error_body::request_id_member(&self.body).map(RequestId::from))
    }

    pub(crate) fn header_request_id(&self) -> Option<RequestId> {
        header_request_id(&self.headers)
    }

    /// Everything an error keeps: status, headers, body, excerpt limit and
    /// whether the body was cut short.
    pub(crate) fn into_all_parts(
        self,
    ) -> (
        StatusCode,
        HeaderMap,
        Bytes,
        usize,
        bool,
        Option<crate::error::ReadErrorBody>,
    ) {
        (
            self.status,
            self.headers,
            self.body,
            self.excerpt_limit,
            self.body_truncated,
            self.read_error.into_inner(),
        )
    }

    /// Turns the body into parts, for callers that want to keep the bytes.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, Bytes) {
        (self.status, self.headers, self.body)
    }
}

impl std::fmt::Debug for RawResponse {
    /// Shows status, headers (values shown only for known-safe headers, `***`
    /// for the others) and the body length, never the body, which may hold
    /// credentials.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &crate::redact::Headers(&self.headers))
            .field("body_len", &self.body.len())
            .field("body_truncated", &self.body_truncated)
            .finish()
    }
}

/// A type that a response decodes into. Implemented by `#[api_response]` and
/// `#[derive(ApiResponse)]`; implement it by hand only for unusual responses.
///
/// The provided [`from_raw`](ApiResponse::from_raw) is the whole contract:
/// a status that [`is_success`](ApiResponse::is_success) rejects becomes
/// [`Error::Api`] (the error body read as the official SDKs read it), a body
/// that was cut short becomes [`Error::Decode`], anything else goes to
/// [`decode`](ApiResponse::decode).
///
/// ```
/// use cloudwire::{ApiResponse, RawResponse, RequestId, http::{HeaderMap, StatusCode}};
///
/// #[cloudwire::api_response(status = 201)]
/// #[derive(Debug)]
/// struct Created {
///     id: String,
///     #[cloudwire(request_id)]
///     request_id: Option<RequestId>,
/// }
///
/// let raw = RawResponse::new(StatusCode::CREATED, HeaderMap::new(), r#"{"id":"u1","request_id":"r9"}"#);
/// let created = Created::from_raw(raw).unwrap();
/// assert_eq!(created.id, "u1");
/// assert_eq!(created.request_id.unwrap().as_str(), "r9");
///
/// let raw = RawResponse::new(StatusCode::BAD_REQUEST, HeaderMap::new(),
///     r#"{"error_code":"IAM.0011","error_msg":"Request body is invalid."}"#);
/// let err = Created::from_raw(raw).unwrap_err();
/// assert_eq!(err.code(), Some("IAM.0011"));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an API response type",
    label = "put `#[cloudwire::api_response]` on `{Self}`",
    note = "a response type is a struct with `#[cloudwire::api_response]` or `#[derive(cloudwire::ApiResponse)]`"
)]
pub trait ApiResponse: Sized {
    /// Whether `status` is a success status for this response.
    fn is_success(status: StatusCode) -> bool;

    /// Decodes a success response.
    fn decode(response: &RawResponse) -> Result<Self, Error>;

    /// Checks the status, then decodes the body or the error body.
    fn from_raw(response: RawResponse) -> Result<Self, Error> {
        if !Self::is_success(response.status()) {
            return Err(Error::from_error_response(response));
        }
        if response.body_truncated() {
            return Err(Error::body_too_large(&response));
        }
        Self::decode(&response)
    }
}
