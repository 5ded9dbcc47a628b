//! The one error type of cloudwire, which says where a call failed and keeps
//! everything the service said.

use crate::request_id::RequestId;
use crate::response::RawResponse;
use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt::{self, Write as _};
use std::sync::OnceLock;
use std::time::Duration;

type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// The error of every cloudwire call, by where it failed.
///
/// The accessors work on every variant where the fact exists, so most code
/// never needs to match:
///
/// ```
/// use cloudwire::{ApiResponse, RawResponse, http::{HeaderMap, StatusCode}};
///
/// #[cloudwire::api_response]
/// #[derive(Debug)]
/// struct Empty {}
///
/// let mut headers = HeaderMap::new();
/// headers.insert("x-request-id", "e311530c51311".parse().unwrap());
/// let raw = RawResponse::new(StatusCode::BAD_REQUEST, headers,
///     r#"{"error_msg": "Request body is invalid.", "error_code": "IAM.0011"}"#);
/// let err = Empty::from_raw(raw).unwrap_err();
///
/// assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
/// assert_eq!(err.code(), Some("IAM.0011"));
/// assert_eq!(err.message(), Some("Request body is invalid."));
/// assert_eq!(err.request_id().unwrap().as_str(), "e311530c51311");
/// assert_eq!(
///     err.to_string(),
///     "IAM.0011 (HTTP 400): Request body is invalid. [request_id=e311530c51311]"
/// );
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be built: a bad URL, header value, path parameter or body.
    Build(BuildError),
    /// Credentials were missing, invalid, or could not be obtained or refreshed.
    Auth(AuthError),
    /// The request or response did not make it across the network: connect
    /// failure, timeout, reset. Keeps the status and request ID when headers had arrived.
    Transport(TransportError),
    /// The service answered with a status that is not a success for this call.
    Api(ApiError),
    /// The service answered with success, but the response did not decode.
    Decode(DecodeError),
    /// A paginated list could not go on: the server gave a marker or link an
    /// earlier page gave (it would page forever), or a next link to another
    /// host. See [`crate::paginate`].
    Paging(crate::paginate::PagingError),
}

/// The attempts a call made: how many, and the request IDs of the earlier
/// ones (the last attempt's is [`Error::request_id`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Attempts {
    pub(crate) count: u32,
    pub(crate) earlier_request_ids: Vec<RequestId>,
}

/// Attempts beyond the first, boxed so a one-attempt error pays nothing.
pub(crate) type AttemptsSlot = Option<Box<Attempts>>;

fn attempts_count(slot: &AttemptsSlot) -> u32 {
    slot.as_ref().map_or(1, |a| a.count)
}

fn earlier_ids(slot: &AttemptsSlot) -> &[RequestId] {
    slot.as_ref().map_or(&[], |a| &a.earlier_request_ids)
}

fn write_attempts(f: &mut fmt::Formatter<'_>, slot: &AttemptsSlot) -> fmt::Result {
    match slot {
        Some(a) if a.count > 1 => write!(f, " ({} attempts)", a.count),
        _ => Ok(()),
    }
}

/// Which limit a timed-out call hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing a connection took too long.
    Connect,
    /// One attempt (send and read the whole response) took too long.
    Attempt,
    /// The whole call, across its attempts and waits, took too long.
    Total,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutKind::Connect => "connect",
            TimeoutKind::Attempt => "attempt",
            TimeoutKind::Total => "total",
        })
    }
}

impl Error {
    /// How many attempts the call made (1 when it was not retried).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(e) => attempts_count(&e.0.attempts),
            Error::Decode(e) => attempts_count(&e.0.attempts),
            Error::Transport(e) => attempts_count(&e.0.attempts),
            Error::Auth(e) => attempts_count(&e.attempts),
            Error::Build(_) | Error::Paging(_) => 1,
        }
    }

    /// The request IDs of the attempts before the last, oldest first (those
    /// that had one). The last attempt's is [`Error::request_id`].
    pub fn earlier_request_ids(&self) -> &[RequestId] {
        match self {
            Error::Api(e) => earlier_ids(&e.0.attempts),
            Error::Decode(e) => earlier_ids(&e.0.attempts),
            Error::Transport(e) => earlier_ids(&e.0.attempts),
            Error::Auth(e) => earlier_ids(&e.attempts),
            Error::Build(_) | Error::Paging(_) => &[],
        }
    }

    /// The wait the service asked for with `Retry-After` (seconds or an HTTP
    /// date), when the last response carried one.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        crate::retry::parse_retry_after(self.headers()?, std::time::SystemTime::now())
    }

    /// Which limit a timed-out call hit.
    pub fn timeout_kind(&self) -> Option<TimeoutKind> {
        match self {
            Error::Transport(e) => e.timeout_kind(),
            _ => None,
        }
    }

    /// Whether the connection could not be made (nothing of the request was sent).
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_connect())
    }

    /// A transport failure that another attempt may not meet: a reset, a
    /// body cut short, a timeout (not a body that did not inflate, nor a
    /// redirect a supplied client followed: those repeat).
    pub(crate) fn is_transient_transport(&self) -> bool {
        matches!(self, Error::Transport(e)
            if !e.is_decompression() && !e.is_redirect() && !e.is_unscripted())
    }

    /// Records the call's attempts in place (the error is not moved).
    pub(crate) fn set_attempts(&mut self, attempts: Attempts) {
        let slot = match self {
            Error::Api(e) => &mut e.0.attempts,
            Error::Decode(e) => &mut e.0.attempts,
            Error::Transport(e) => &mut e.0.attempts,
            Error::Auth(e) => &mut e.attempts,
            Error::Build(_) | Error::Paging(_) => return,
        };
        *slot = (attempts.count > 1).then(|| Box::new(attempts));
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status()),
            Error::Decode(e) => Some(e.status()),
            Error::Transport(e) => e.status(),
            Error::Auth(e) => e.inner.as_ref().and_then(|e| e.status()),
            Error::Build(_) | Error::Paging(_) => None,
        }
    }

    /// The request ID the service assigned, when a response arrived and carried one.
    pub fn request_id(&self) -> Option<&RequestId> {
        match self {
            Error::Api(e) => e.request_id(),
            Error::Decode(e) => e.request_id(),
            Error::Transport(e) => e.request_id(),
            Error::Auth(e) => e.inner.as_ref().and_then(|e| e.request_id()),
            Error::Paging(e) => e.request_id(),
            Error::Build(_) => None,
        }
    }

    /// The service's error code (`IAM.0011`), when the error body had one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.code(),
            Error::Auth(e) => e.inner.as_ref().and_then(|e| e.code()),
            _ => None,
        }
    }

    /// The service's error message, when the error body had one.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.message(),
            Error::Auth(e) => e.inner.as_ref().and_then(|e| e.message()),
            _ => None,
        }
    }

    /// A bounded, UTF-8-safe excerpt of the response body, when there was one.
    pub fn body_excerpt(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(e.body_excerpt()),
            Error::Decode(e) => Some(e.body_excerpt()),
            Error::Auth(e) => e.inner.as_ref().and_then(|e| e.body_excerpt()),
            _ => None,
        }
    }

    /// The response headers, when a response arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(e) => Some(e.headers()),
            Error::Decode(e) => Some(e.headers()),
            Error::Transport(e) => e.headers(),
            Error::Auth(e) => e.inner.as_ref().and_then(|e| e.headers()),
            Error::Build(_) | Error::Paging(_) => None,
        }
    }

    /// Whether the call timed out (see [`Error::timeout_kind`]).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_timeout())
    }

    /// The service's error answer: [`Error::Api`], or the one an
    /// authentication step's call got.
    pub(crate) fn service_answer(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            Error::Auth(e) => e.inner.as_deref().and_then(Error::service_answer),
            _ => None,
        }
    }

    /// The service error, if this is [`Error::Api`].
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The service error, owned, if this is [`Error::Api`]; the error itself
    /// otherwise. With [`ApiError::into_parts`], maps a service error into an
    /// error type of your own without copying its strings.
    ///
    /// ```
    /// use cloudwire::{ApiResponse, Error, RawResponse, http::{HeaderMap, StatusCode}};
    ///
    /// #[cloudwire::api_response]
    /// #[derive(Debug)]
    /// struct Empty {}
    ///
    /// #[derive(Debug)]
    /// enum MyError {
    ///     Service { code: String, message: String },
    ///     Other(Error),
    /// }
    ///
    /// fn mine(err: Error) -> MyError {
    ///     match err.into_api() {
    ///         Ok(api) => {
    ///             let parts = api.into_parts();
    ///             MyError::Service {
    ///                 code: parts.code.unwrap_or_default(),
    ///                 message: parts.message.unwrap_or_default(),
    ///             }
    ///         }
    ///         Err(other) => MyError::Other(other),
    ///     }
    /// }
    ///
    /// let raw = RawResponse::new(StatusCode::CONFLICT, HeaderMap::new(),
    ///     r#"{"error_code": "IAM.1003", "error_msg": "The user already exists."}"#);
    /// let MyError::Service { code, .. } = mine(Empty::from_raw(raw).unwrap_err()) else { panic!() };
    /// assert_eq!(code, "IAM.1003");
    /// ```
    pub fn into_api(self) -> Result<ApiError, Error> {
        match self {
            Error::Api(e) => Ok(e),
            other => Err(other),
        }
    }

    pub(crate) fn from_error_response(response: RawResponse) -> Error {
        Error::Api(ApiError::from_response(response))
    }

    pub(crate) fn body_too_large(response: &RawResponse) -> Error {
        Error::Decode(DecodeError::new(
            response,
            DecodeKind::TooLarge,
            format!(
                "the body is larger than the limit of {} bytes",
                response.body().len()
            ),
            None,
        ))
    }

    pub(crate) fn build(message: impl Into<String>, source: Option<BoxError>) -> Error {
        Error::Build(BuildError {
            message: message.into(),
            source,
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Build(e) => fmt::Display::fmt(e, f),
            Error::Auth(e) => fmt::Display::fmt(e, f),
            Error::Transport(e) => fmt::Display::fmt(e, f),
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::Decode(e) => fmt::Display::fmt(e, f),
            Error::Paging(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::Build(e) => e.source(),
            Error::Auth(e) => e.source(),
            Error::Transport(e) => e.source(),
            Error::Api(e) => e.source(),
            Error::Decode(e) => e.source(),
            Error::Paging(_) => None,
        }
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(e)
    }
}

/// An excerpt of a body: at most a limit of bytes, cut on a character boundary,
/// invalid UTF-8 replaced, the values of secret-looking JSON members masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BodyExcerpt {
    pub(crate) text: String,
    pub(crate) truncated: bool,
}

/// The bytes an excerpt is taken from, and the excerpt once someone reads it.
///
/// An error keeps the body (`Bytes`, shared, not copied) and builds the
/// redacted excerpt the first time it is shown or asked for; an error that is
/// only matched on its code never pays for it. What is kept is bounded: a body
/// longer than the excerpt reads is cut to the bytes it reads (one copy, so
/// the rest of a large body is freed).
pub(crate) struct LazyExcerpt {
    body: Bytes,
    limit: usize,
    already_truncated: bool,
    excerpt: OnceLock<BodyExcerpt>,
}

impl LazyExcerpt {
    pub(crate) fn new(body: Bytes, limit: usize, already_truncated: bool) -> Self {
        let keep = LazyExcerpt::kept_len(&body, limit);
        let body = if body.len() > keep {
            Bytes::copy_from_slice(&body[..keep])
        } else {
            body
        };
        LazyExcerpt {
            body,
            limit,
            already_truncated,
            excerpt: OnceLock::new(),
        }
    }

    /// How many bytes of `body` the excerpt reads: a byte-order mark, `limit`
    /// bytes, and one more to tell that the body went on. [`excerpt`] gives the
    /// same answer for the cut body as for the whole.
    pub(crate) fn kept_len(body: &[u8], limit: usize) -> usize {
        let bom = if body.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        body.len().min(bom + limit.saturating_add(1))
    }

    /// The bytes kept (see [`LazyExcerpt::kept_len`]).
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.body
    }

    pub(crate) fn get(&self) -> &BodyExcerpt {
        self.excerpt
            .get_or_init(|| excerpt(&self.body, self.limit, self.already_truncated))
    }
}

/// Takes at most `limit` bytes of `body` as text, never splitting a character.
pub(crate) fn excerpt(body: &[u8], limit: usize, already_truncated: bool) -> BodyExcerpt {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let cut = body.len().min(limit);
    // Borrowed when valid UTF-8: the redacted copy below is the only one.
    let mut text = String::from_utf8_lossy(&body[..cut]);
    if cut < body.len() {
        // A multi-byte character split by the cut became U+FFFD: drop it.
        let valid_prefix = match std::str::from_utf8(&body[..cut]) {
            Ok(_) => None,
            Err(e) if e.error_len().is_none() => Some(e.valid_up_to()),
            Err(_) => None,
        };
        if let Some(valid) = valid_prefix {
            text = String::from_utf8_lossy(&body[..valid]);
        }
    }
    BodyExcerpt {
        text: crate::redact::json_secrets(&text),
        truncated: already_truncated || cut < body.len(),
    }
}

/// The most characters of a code or message that `Display` shows.
const MAX_SHOWN: usize = 1000;

/// Shortens an excerpt to one line of at most `max` characters for `Display`.
#[cfg(test)]
fn one_line(text: &str, max: usize) -> String {
    OneLine(text, max).to_string()
}

/// Writes text on one line of at most `max` characters (of the input), with
/// `…` where it was cut: white space folded to one space, control characters
/// dropped, no space at either end. Written straight to the formatter.
struct OneLine<'a>(&'a str, usize);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let OneLine(text, max) = *self;
        // The usual text: short, printable ASCII, single spaces, none at the ends.
        let bytes = text.as_bytes();
        if bytes.len() < max
            && bytes.first() != Some(&b' ')
            && bytes.last() != Some(&b' ')
            && bytes.iter().all(|&b| b.is_ascii_graphic() || b == b' ')
            && !bytes.windows(2).any(|pair| pair == b"  ")
        {
            return f.write_str(text);
        }
        // Runs of characters written as they are go out as one `write_str`.
        // Spaces written since the last other character are held back, so
        // that none is written at either end.
        let mut run: Option<usize> = None;
        let mut spaces = 0usize;
        let mut started = false;
        let mut last_space = false;
        for (count, (at, c)) in text.char_indices().enumerate() {
            if count == max {
                if let Some(start) = run {
                    f.write_str(&text[start..at])?;
                } else if started {
                    for _ in 0..spaces {
                        f.write_char(' ')?;
                    }
                }
                return f.write_char('…');
            }
            if !c.is_whitespace() && !c.is_control() {
                if run.is_none() {
                    if started {
                        for _ in 0..spaces {
                            f.write_char(' ')?;
                        }
                    }
                    spaces = 0;
                    started = true;
                    run = Some(at);
                }
                last_space = false;
                continue;
            }
            if let Some(start) = run.take() {
                f.write_str(&text[start..at])?;
            }
            let space = c.is_whitespace();
            if space && last_space {
                continue;
            }
            last_space = space;
            if space {
                spaces += 1;
            }
        }
        if let Some(start) = run {
            f.write_str(&text[start..])?;
        }
        Ok(())
    }
}

/// Writes text a server chose (a request ID, a member name) on one line:
/// control characters escaped (`\n`, `\u{1b}`), so that an answer cannot
/// break a log line or send a terminal escape.
pub(crate) fn write_printable(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    let mut rest = text;
    // Runs without control characters go out whole.
    while let Some((at, c)) = rest.char_indices().find(|(_, c)| c.is_control()) {
        f.write_str(&rest[..at])?;
        write!(f, "{}", c.escape_default())?;
        rest = &rest[at + c.len_utf8()..];
    }
    f.write_str(rest)
}

pub(crate) fn write_request_id(f: &mut fmt::Formatter<'_>, id: Option<&RequestId>) -> fmt::Result {
    match id {
        Some(id) => {
            f.write_str(" [request_id=")?;
            write_printable(f, id.as_str())?;
            f.write_str("]")
        }
        None => Ok(()),
    }
}

/// The service answered with an error status. See [`Error::Api`].
///
/// Code and message are read from the error body exactly as the official SDKs
/// read them (`error_code`/`error_msg`, `errorCode`/`errorMsg`, `code`/`message`,
/// nested objects searched); a body that is not JSON keeps its excerpt.
///
/// ```
/// use cloudwire::{ApiError, RawResponse, http::{HeaderMap, StatusCode}};
///
/// let body = r#"{"error": {"code": 404, "message": "Could not find user.", "title": "Not Found"}}"#;
/// let err = ApiError::from_response(RawResponse::new(StatusCode::NOT_FOUND, HeaderMap::new(), body));
/// assert_eq!((err.code(), err.message()), (Some("404"), Some("Could not find user.")));
/// assert!(err.is_client_error() && err.body_is_json());
///
/// let html = "<html><body>502 Bad Gateway</body></html>";
/// let err = ApiError::from_response(RawResponse::new(StatusCode::BAD_GATEWAY, HeaderMap::new(), html));
/// assert_eq!(err.code(), None);
/// assert_eq!(err.body_excerpt(), html);
/// assert_eq!(err.to_string(), "HTTP 502 Bad Gateway: <html><body>502 Bad Gateway</body></html>");
/// ```
pub struct ApiError(Box<ApiErrorInner>);

struct ApiErrorInner {
    status: StatusCode,
    headers: HeaderMap,
    /// The header's request ID, else the body's: found when first asked for.
    request_id: OnceLock<Option<RequestId>>,
    body_request_id: Option<BodyText>,
    code: Option<String>,
    message: Option<String>,
    encoded_authorization_message: Option<String>,
    body_is_json: bool,
    excerpt: LazyExcerpt,
    attempts: AttemptsSlot,
}

/// What an error keeps of its body, read once: the code, the message, and
/// where the body's own `request_id` lies.
#[derive(Clone)]
pub(crate) struct ReadErrorBody {
    pub(crate) code: Option<String>,
    message: Option<String>,
    encoded_authorization_message: Option<String>,
    body_is_json: bool,
    body_request_id: Option<BodyText>,
}

impl ReadErrorBody {
    /// Reads `body`, whose first bytes up to `limit` an excerpt keeps.
    pub(crate) fn read(body: &[u8], limit: usize) -> ReadErrorBody {
        let parsed = crate::error_body::parse(body);
        let kept = LazyExcerpt::kept_len(body, limit);
        ReadErrorBody {
            code: parsed.code,
            message: parsed.message,
            encoded_authorization_message: parsed.encoded_authorization_message,
            body_is_json: parsed.understood,
            body_request_id: parsed.request_id.map(|id| BodyText::of(id, body, kept)),
        }
    }
}

/// A string of the body: where it lies in the kept bytes, or a copy when it had
/// escapes (or lies past them).
#[derive(Clone)]
enum BodyText {
    At(usize, usize),
    Owned(String),
}

impl BodyText {
    /// `text`, a string read from `body`, as a range of `body` when it is one
    /// and lies within the first `kept` bytes.
    fn of(text: Cow<'_, str>, body: &[u8], kept: usize) -> BodyText {
        let start = (text.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
        let end = start.wrapping_add(text.len());
        match text {
            Cow::Borrowed(_) if start <= end && end <= kept => BodyText::At(start, end),
            text => BodyText::Owned(text.into_owned()),
        }
    }

    fn as_str<'a>(&'a self, body: &'a [u8]) -> &'a str {
        match self {
            BodyText::At(start, end) => body
                .get(*start..*end)
                .and_then(|bytes| std::str::from_utf8(bytes).ok())
                .unwrap_or_default(),
            BodyText::Owned(text) => text,
        }
    }
}

/// An [`ApiError`] taken apart ([`ApiError::into_parts`]): everything it holds,
/// owned, so that mapping it into an error type of your own moves instead of
/// copying.
///
/// ```
/// use cloudwire::{ApiError, RawResponse, http::{HeaderMap, StatusCode}};
///
/// let body = r#"{"error_code": "IAM.0011", "error_msg": "Request body is invalid.", "request_id": "r-1"}"#;
/// let err = ApiError::from_response(RawResponse::new(StatusCode::BAD_REQUEST, HeaderMap::new(), body));
/// let parts = err.into_parts();
/// assert_eq!(parts.status, StatusCode::BAD_REQUEST);
/// assert_eq!(parts.code.as_deref(), Some("IAM.0011"));
/// assert_eq!(parts.message.as_deref(), Some("Request body is invalid."));
/// assert_eq!(parts.request_id.map(|id| id.into_string()).as_deref(), Some("r-1"));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct ApiErrorParts {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The request ID: the `X-Request-Id` header, else `request_id` in the body.
    pub request_id: Option<RequestId>,
    /// The `request_id` member of the body, when it had one.
    pub body_request_id: Option<String>,
    /// The service's error code (see [`ApiError::code`]).
    pub code: Option<String>,
    /// The service's error message (see [`ApiError::message`]).
    pub message: Option<String>,
    /// See [`ApiError::encoded_authorization_message`].
    pub encoded_authorization_message: Option<String>,
    /// Whether the body was a JSON object.
    pub body_is_json: bool,
    /// How many attempts the call made.
    pub attempts: u32,
}

impl ApiError {
    /// Reads an error response. Never fails, whatever the body holds.
    ///
    /// The code and message are read once, here; the body is kept (shared, not
    /// copied), and the request ID and the redacted excerpt are found only when
    /// shown or asked for.
    pub fn from_response(response: RawResponse) -> ApiError {
        let attempts = response.attempts_slot();
        let (status, headers, body, limit, truncated, read) = response.into_all_parts();
        let ReadErrorBody {
            code,
            message,
            encoded_authorization_message,
            body_is_json,
            body_request_id,
        } = read.unwrap_or_else(|| ReadErrorBody::read(&body, limit));
        ApiError(Box::new(ApiErrorInner {
            status,
            headers,
            request_id: OnceLock::new(),
            body_request_id,
            code,
            message,
            encoded_authorization_message,
            body_is_json,
            excerpt: LazyExcerpt::new(body, limit, truncated),
            attempts,
        }))
    }

    /// Takes the error apart, moving out what it holds (see [`ApiErrorParts`]).
    pub fn into_parts(self) -> ApiErrorParts {
        self.request_id();
        let e = *self.0;
        let body_request_id = e.body_request_id.map(|id| match id {
            BodyText::Owned(text) => text,
            at => at.as_str(e.excerpt.bytes()).to_owned(),
        });
        ApiErrorParts {
            status: e.status,
            headers: e.headers,
            request_id: e.request_id.into_inner().flatten(),
            body_request_id,
            code: e.code,
            message: e.message,
            encoded_authorization_message: e.encoded_authorization_message,
            body_is_json: e.body_is_json,
            attempts: attempts_count(&e.attempts),
        }
    }

    /// The `request_id` member of the body (of the top-level object, else of the
    /// object that held the code), whether or not the `X-Request-Id` header
    /// gave one; [`request_id`](Self::request_id) prefers the header.
    ///
    /// ```
    /// use cloudwire::{ApiError, RawResponse, http::{HeaderMap, StatusCode}};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-request-id", "from-header".parse().unwrap());
    /// let body = r#"{"error_code": "E", "error_msg": "m", "request_id": "from-body"}"#;
    /// let err = ApiError::from_response(RawResponse::new(StatusCode::BAD_REQUEST, headers, body));
    /// assert_eq!(err.request_id().unwrap().as_str(), "from-header");
    /// assert_eq!(err.body_request_id(), Some("from-body"));
    /// ```
    pub fn body_request_id(&self) -> Option<&str> {
        let e = &self.0;
        e.body_request_id
            .as_ref()
            .map(|id| id.as_str(e.excerpt.bytes()))
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The request ID: the `X-Request-Id` header, else `request_id` in the body.
    pub fn request_id(&self) -> Option<&RequestId> {
        self.0
            .request_id
            .get_or_init(|| {
                crate::response::header_request_id(&self.0.headers)
                    .or_else(|| self.body_request_id().map(RequestId::from))
            })
            .as_ref()
    }

    /// The service's error code, e.g. `IAM.0011`; a numeric code as its decimal text.
    ///
    /// `None` when the body carried none. The official SDKs then report the
    /// status as the code; `err.code().map_or(status, ...)` does the same.
    pub fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }

    /// The service's error message. `None` when the body carried none (the
    /// official SDKs then report the whole body: see [`body_excerpt`](Self::body_excerpt)).
    pub fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    /// The `encoded_authorization_message` of an authorization failure (IAM, STS 403).
    pub fn encoded_authorization_message(&self) -> Option<&str> {
        self.0.encoded_authorization_message.as_deref()
    }

    /// The response headers (for example `Retry-After`).
    pub fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }

    /// A bounded excerpt of the body, from its first 4 KiB by default, cut on
    /// a character boundary, the values of secret-looking JSON members masked.
    /// Built the first time it is asked for (or shown), then kept.
    pub fn body_excerpt(&self) -> &str {
        &self.0.excerpt.get().text
    }

    /// Whether the excerpt is shorter than the body.
    pub fn body_excerpt_truncated(&self) -> bool {
        self.0.excerpt.get().truncated
    }

    /// Whether the body was a JSON object (the form the SDKs understand).
    pub fn body_is_json(&self) -> bool {
        self.0.body_is_json
    }

    /// Whether the status is 4xx.
    pub fn is_client_error(&self) -> bool {
        self.0.status.is_client_error()
    }

    /// Whether the status is 5xx.
    pub fn is_server_error(&self) -> bool {
        self.0.status.is_server_error()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0;
        let code = e.code.as_deref().map(|c| OneLine(c, MAX_SHOWN));
        let message = e.message.as_deref().map(|m| OneLine(m, MAX_SHOWN));
        match (code, message) {
            (Some(code), Some(message)) => {
                write!(f, "{code} (HTTP {}): {message}", e.status.as_u16())?
            }
            (Some(code), None) => write!(f, "{code} (HTTP {})", e.status.as_u16())?,
            (None, Some(message)) => write!(f, "HTTP {}: {message}", e.status.as_u16())?,
            (None, None) => {
                write!(f, "HTTP {}", e.status)?;
                let text = &e.excerpt.get().text;
                // What `OneLine` would write nothing of: up to 120 characters,
                // all of them white space or control characters.
                let blank = text
                    .chars()
                    .take(121)
                    .enumerate()
                    .all(|(i, c)| i < 120 && (c.is_whitespace() || c.is_control()));
                if blank {
                    f.write_str(" with an empty body")?;
                } else {
                    write!(f, ": {}", OneLine(text, 120))?;
                }
            }
        }
        write_attempts(f, &e.attempts)?;
        write_request_id(f, self.request_id())
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0;
        f.debug_struct("ApiError")
            .field("status", &e.status)
            .field("code", &e.code)
            .field("message", &e.message)
            .field("request_id", &self.request_id())
            .field(
                "encoded_authorization_message",
                &e.encoded_authorization_message,
            )
            .field("body_excerpt", &e.excerpt.get().text)
            .field("body_excerpt_truncated", &e.excerpt.get().truncated)
            .finish_non_exhaustive()
    }
}

impl StdError for ApiError {}

/// What part of a success response failed to decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeKind {
    /// The JSON body did not match the response type.
    Body,
    /// A header the response type asks for was missing or did not parse.
    Header,
    /// The body was larger than the client's body limit.
    TooLarge,
}

/// A success response that did not decode. See [`Error::Decode`].
///
/// ```
/// use cloudwire::{ApiResponse, DecodeKind, Error, RawResponse, http::{HeaderMap, StatusCode}};
///
/// #[cloudwire::api_response]
/// #[derive(Debug)]
/// struct Page { items: Vec<u32> }
///
/// let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), r#"{"items": [1, "two"]}"#);
/// let Err(Error::Decode(err)) = Page::from_raw(raw) else { panic!() };
/// assert_eq!(err.kind(), DecodeKind::Body);
/// assert_eq!(err.path(), Some("items[1]"));
/// assert_eq!(err.body_excerpt(), r#"{"items": [1, "two"]}"#);
/// ```
pub struct DecodeError(Box<DecodeErrorInner>);

struct DecodeErrorInner {
    status: StatusCode,
    headers: HeaderMap,
    request_id: Option<RequestId>,
    kind: DecodeKind,
    message: String,
    path: Option<String>,
    source: Option<BoxError>,
    excerpt: LazyExcerpt,
    attempts: AttemptsSlot,
}

impl DecodeError {
    pub(crate) fn new(
        response: &RawResponse,
        kind: DecodeKind,
        message: String,
        source: Option<BoxError>,
    ) -> DecodeError {
        DecodeError(Box::new(DecodeErrorInner {
            status: response.status(),
            headers: response.headers().clone(),
            request_id: response.request_id(),
            kind,
            message,
            path: None,
            source,
            excerpt: LazyExcerpt::new(
                response.body_bytes(),
                response.excerpt_limit(),
                response.body_truncated(),
            ),
            attempts: response.attempts_slot(),
        }))
    }

    pub(crate) fn with_path(mut self, path: String) -> Self {
        self.0.path = Some(path);
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The request ID, when the response carried one.
    pub fn request_id(&self) -> Option<&RequestId> {
        self.0.request_id.as_ref()
    }

    /// What failed to decode.
    pub fn kind(&self) -> DecodeKind {
        self.0.kind
    }

    /// Where in the body decoding failed, as a serde path (`user.name`,
    /// `items[2]`; `user` for a member missing from `user`, `.` for the body
    /// itself, `?` where the next key was being read).
    pub fn path(&self) -> Option<&str> {
        self.0.path.as_deref()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }

    /// A bounded excerpt of the body, the values of secret-looking JSON
    /// members masked; built the first time it is asked for (or shown).
    pub fn body_excerpt(&self) -> &str {
        &self.0.excerpt.get().text
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0;
        write!(
            f,
            "could not decode the HTTP {} response",
            e.status.as_u16()
        )?;
        match (&e.kind, &e.path) {
            (DecodeKind::Body, Some(path)) if path != "." => {
                f.write_str(" body at `")?;
                write_printable(f, path)?;
                f.write_str("`")?;
            }
            (DecodeKind::Body, _) => f.write_str(" body")?,
            _ => {}
        }
        f.write_str(": ")?;
        write_printable(f, &e.message)?;
        write_attempts(f, &e.attempts)?;
        write_request_id(f, e.request_id.as_ref())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0;
        f.debug_struct("DecodeError")
            .field("status", &e.status)
            .field("kind", &e.kind)
            .field("path", &e.path)
            .field("message", &e.message)
            .field("request_id", &e.request_id)
            .field("body_excerpt", &e.excerpt.get().text)
            .finish_non_exhaustive()
    }
}

impl StdError for DecodeError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.0.source.as_deref().map(|e| e as _)
    }
}

/// The request could not be built. See [`Error::Build`].
///
/// ```
/// use cloudwire::{Error, Request, http::Method};
///
/// let mut request = Request::new(Method::GET, "/v1/x");
/// let Err(Error::Build(err)) = request.push_header("X-Note", "line\nbreak") else { panic!() };
/// assert_eq!(err.message(), "invalid value for header `x-note` (control characters or non-visible bytes)");
/// ```
#[derive(Debug)]
pub struct BuildError {
    message: String,
    source: Option<BoxError>,
}

impl BuildError {
    /// What was wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not build the request: {}", self.message)
    }
}

impl StdError for BuildError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// Credentials were missing or could not be obtained. See [`Error::Auth`].
///
/// ```
/// use cloudwire::{AuthError, Error};
///
/// let err: Error = AuthError::new("HUAWEICLOUD_SDK_SK is not set").into();
/// assert_eq!(err.to_string(), "authentication failed: HUAWEICLOUD_SDK_SK is not set");
/// ```
#[derive(Debug)]
pub struct AuthError {
    message: String,
    inner: Option<Box<Error>>,
    attempts: AttemptsSlot,
}

impl AuthError {
    /// An authentication error with a message that names what is missing or wrong.
    /// The message must never contain a secret.
    pub fn new(message: impl Into<String>) -> Self {
        AuthError {
            message: message.into(),
            inner: None,
            attempts: None,
        }
    }

    /// An authentication error caused by a failed call (for example to STS or IAM).
    pub fn caused_by(message: impl Into<String>, error: Error) -> Self {
        AuthError {
            message: message.into(),
            inner: Some(Box::new(error)),
            attempts: None,
        }
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "authentication failed: {}", self.message)?;
        if let Some(inner) = &self.inner {
            write!(f, ": {inner}")?;
        }
        Ok(())
    }
}

impl StdError for AuthError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner.as_deref().map(|e| e as _)
    }
}

impl From<AuthError> for Error {
    fn from(e: AuthError) -> Self {
        Error::Auth(e)
    }
}

/// The call failed on the network. See [`Error::Transport`].
///
/// ```no_run
/// # async fn run(client: cloudwire::Client, request: cloudwire::Request) {
/// match client.send_request(request).await {
///     Err(cloudwire::Error::Transport(e)) if e.is_timeout() => eprintln!("timed out: {e}"),
///     Err(cloudwire::Error::Transport(e)) => eprintln!("network: {e} (status {:?})", e.status()),
///     other => drop(other),
/// }
/// # }
/// ```
pub struct TransportError(Box<TransportErrorInner>);

struct TransportErrorInner {
    cause: Cause,
    status: Option<StatusCode>,
    headers: Option<HeaderMap>,
    request_id: Option<RequestId>,
    attempts: AttemptsSlot,
}

#[derive(Debug)]
enum Cause {
    /// The HTTP stack failed.
    Http(reqwest::Error),
    /// A limit of cloudwire's own ran out.
    Timeout { kind: TimeoutKind, after: Duration },
    /// A supplied HTTP client followed a redirect.
    Redirected { status: Option<StatusCode> },
    /// A failure a mock transport played (feature `testing`).
    #[cfg(feature = "testing")]
    Mock(MockFailure),
}

/// The transport failures a mock transport plays, and its own refusal to
/// answer a request nobody scripted (feature `testing`).
#[cfg(feature = "testing")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MockFailure {
    /// The connection was refused: nothing was sent.
    Connect,
    /// The connection was reset before any answer arrived.
    Reset,
    /// The connection broke while the body was read (after the headers).
    BodyCut,
    /// No reply was scripted for this request (described, secrets left out).
    Unscripted(String),
}

impl TransportError {
    pub(crate) fn new(source: reqwest::Error) -> Self {
        TransportError::with_cause(Cause::Http(source))
    }

    fn with_cause(cause: Cause) -> Self {
        TransportError(Box::new(TransportErrorInner {
            cause,
            status: None,
            headers: None,
            request_id: None,
            attempts: None,
        }))
    }

    pub(crate) fn timeout(kind: TimeoutKind, after: Duration) -> Self {
        TransportError::with_cause(Cause::Timeout { kind, after })
    }

    pub(crate) fn redirected(status: Option<StatusCode>) -> Self {
        TransportError::with_cause(Cause::Redirected { status })
    }

    /// A failure a mock transport played; `head` when the headers had
    /// arrived before it (a body cut short).
    #[cfg(feature = "testing")]
    pub(crate) fn mock(failure: MockFailure, head: Option<(StatusCode, HeaderMap)>) -> Self {
        let mut error = TransportError::with_cause(Cause::Mock(failure));
        if let Some((status, headers)) = head {
            error.0.request_id =
                RawResponse::new(status, headers.clone(), bytes::Bytes::new()).header_request_id();
            error.0.status = Some(status);
            error.0.headers = Some(headers);
        }
        error
    }

    /// Whether a mock transport had no reply scripted: a mistake in the
    /// test, never retried.
    pub(crate) fn is_unscripted(&self) -> bool {
        #[cfg(feature = "testing")]
        if let Cause::Mock(MockFailure::Unscripted(_)) = &self.0.cause {
            return true;
        }
        false
    }

    pub(crate) fn after_headers(
        source: reqwest::Error,
        status: StatusCode,
        headers: HeaderMap,
    ) -> Self {
        let request_id =
            RawResponse::new(status, headers.clone(), bytes::Bytes::new()).header_request_id();
        TransportError(Box::new(TransportErrorInner {
            cause: Cause::Http(source),
            status: Some(status),
            headers: Some(headers),
            request_id,
            attempts: None,
        }))
    }

    /// The status, when the headers had arrived before the failure.
    pub fn status(&self) -> Option<StatusCode> {
        self.0.status
    }

    /// The request ID, when the headers had arrived before the failure.
    pub fn request_id(&self) -> Option<&RequestId> {
        self.0.request_id.as_ref()
    }

    /// The response headers, when they had arrived before the failure.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.0.headers.as_ref()
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        self.timeout_kind().is_some()
    }

    /// Which limit a timed-out call hit.
    pub fn timeout_kind(&self) -> Option<TimeoutKind> {
        match &self.0.cause {
            Cause::Timeout { kind, .. } => Some(*kind),
            Cause::Http(e) if e.is_timeout() && e.is_connect() => Some(TimeoutKind::Connect),
            Cause::Http(e) if e.is_timeout() => Some(TimeoutKind::Attempt),
            _ => None,
        }
    }

    /// Whether the connection could not be made (nothing of the request was
    /// sent; a connect timeout counts).
    pub fn is_connect(&self) -> bool {
        match &self.0.cause {
            Cause::Http(e) => e.is_connect(),
            #[cfg(feature = "testing")]
            Cause::Mock(failure) => *failure == MockFailure::Connect,
            _ => false,
        }
    }

    /// Whether a supplied HTTP client followed a redirect (cloudwire never
    /// does; a 3xx is an answer, and credentials never go to another host).
    pub fn is_redirect(&self) -> bool {
        matches!(self.0.cause, Cause::Redirected { .. })
    }

    /// Whether a `gzip` or `deflate` body did not inflate. reqwest reports a
    /// body that stopped short as a decode error too, caused by hyper's error;
    /// a decompressor's failure comes as an `io::Error`.
    pub(crate) fn is_decompression(&self) -> bool {
        matches!(&self.0.cause, Cause::Http(e) if e.is_decode()
            && e.source().is_some_and(|cause| cause.is::<std::io::Error>()))
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let http = match &self.0.cause {
            Cause::Timeout { kind, after } => {
                write!(f, "timed out ({kind} limit of {after:?})")?;
                None
            }
            Cause::Redirected { status } => {
                f.write_str("the HTTP client followed a redirect")?;
                if let Some(status) = status {
                    write!(f, " (HTTP {})", status.as_u16())?;
                }
                f.write_str("; build it with `redirect(reqwest::redirect::Policy::none())`")?;
                None
            }
            #[cfg(feature = "testing")]
            Cause::Mock(failure) => {
                match failure {
                    MockFailure::Connect => {
                        f.write_str("could not connect (mock: connection refused)")?
                    }
                    MockFailure::Reset => f.write_str("request failed (mock: connection reset)")?,
                    MockFailure::BodyCut => f.write_str(
                        "connection failed while reading the body (mock: body cut short)",
                    )?,
                    MockFailure::Unscripted(request) => write!(
                        f,
                        "the mock transport has no reply for {request}; script one with `MockTransport::push` or `MockTransport::route`"
                    )?,
                }
                None
            }
            Cause::Http(e) => {
                let what = if e.is_timeout() && e.is_connect() {
                    "timed out (connect limit)"
                } else if e.is_timeout() {
                    "timed out"
                } else if e.is_connect() {
                    "could not connect"
                } else if self.0.status.is_some() && self.is_decompression() {
                    "could not decompress the body"
                } else if self.0.status.is_some() {
                    "connection failed while reading the body"
                } else {
                    "request failed"
                };
                f.write_str(what)?;
                if let Some(url) = e.url() {
                    write!(f, " ({} {})", url.host_str().unwrap_or(""), url.path())?;
                }
                Some(e)
            }
        };
        if let Some(status) = self.0.status {
            write!(f, " after HTTP {}", status.as_u16())?;
        }
        write_attempts(f, &self.0.attempts)?;
        write_request_id(f, self.0.request_id.as_ref())?;
        // The cause chain (reqwest, hyper, io) is available through `source()`.
        if let Some(c) = http.and_then(|e| e.source()) {
            let mut innermost = c;
            while let Some(next) = innermost.source() {
                innermost = next;
            }
            write!(f, ": {innermost}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("cause", &self.0.cause)
            .field("status", &self.0.status)
            .field(
                "headers",
                &self.0.headers.as_ref().map(crate::redact::Headers),
            )
            .field("request_id", &self.0.request_id)
            .field("attempts", &attempts_count(&self.0.attempts))
            .finish()
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.0.cause {
            Cause::Http(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error built from a response whose code the retry rules already
    /// read is the error a fresh read gives: same code, message, request IDs
    /// and excerpt, for plain, escaped, nested and cut-short bodies.
    #[test]
    fn an_error_body_read_once_gives_the_same_error() {
        let bodies = [
            r#"{"error_code": "IAM.0011", "error_msg": "m", "request_id": "body-id"}"#,
            r#"{"error_code": "APIGW\u002e0308", "error_msg": "t\"q", "request_id": "b\u0069d"}"#,
            r#"{"error": {"code": "E.1", "message": "nested", "request_id": "n-id"}}"#,
            r#"{"code": 1000, "message": "number", "request_id": "x"}"#,
            "<html>502 Bad Gateway</html>",
            "",
        ];
        for body in bodies {
            for limit in [0, 5, 40, 4096] {
                let mut headers = http::HeaderMap::new();
                headers.insert("x-request-id", "header-id".parse().unwrap());
                let raw = RawResponse::new(http::StatusCode::BAD_REQUEST, headers, body)
                    .with_excerpt_limit(limit);
                let fresh = ApiError::from_response(raw.clone());
                let code = raw.error_code().map(str::to_owned);
                assert_eq!(code.as_deref(), fresh.code(), "{body}");
                let reused = ApiError::from_response(raw);
                assert_eq!(reused.code(), fresh.code(), "{body}");
                assert_eq!(reused.message(), fresh.message(), "{body}");
                assert_eq!(reused.body_request_id(), fresh.body_request_id(), "{body}");
                assert_eq!(reused.request_id(), fresh.request_id(), "{body}");
                assert_eq!(reused.to_string(), fresh.to_string(), "{body}");
                assert_eq!(format!("{reused:?}"), format!("{fresh:?}"), "{body}");
            }
        }
    }

    #[test]
    fn display_escapes_what_a_server_chose() {
        let raw = RawResponse::new(
            StatusCode::BAD_REQUEST,
            HeaderMap::new(),
            r#"{"error_code": "X", "error_msg": "m", "request_id": "a\nb\u001b[2J"}"#,
        );
        let shown = Error::from_error_response(raw).to_string();
        assert_eq!(shown, "X (HTTP 400): m [request_id=a\\nb\\u{1b}[2J]");
        assert!(!shown.contains(char::is_control));

        #[derive(Debug, serde::Deserialize)]
        struct Members {
            #[allow(dead_code)]
            items: std::collections::HashMap<String, u32>,
        }
        let raw = RawResponse::new(
            StatusCode::OK,
            HeaderMap::new(),
            r#"{"items": {"\u001b[31mred\n": "x"}}"#,
        );
        let err = crate::__private::decode_body::<Members>(&raw).unwrap_err();
        let shown = err.to_string();
        assert!(!shown.contains(char::is_control), "{shown:?}");
        assert!(
            shown.contains("body at `items.\\u{1b}[31mred\\n`"),
            "{shown}"
        );
    }

    #[test]
    fn error_is_small() {
        // Keeps `Result<T, Error>` cheap to move and clippy's `result_large_err` quiet.
        assert!(
            std::mem::size_of::<Error>() <= 56,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn excerpt_is_bounded_and_utf8_safe() {
        let body = "é".repeat(10); // 20 bytes
        let e = excerpt(body.as_bytes(), 5, false);
        assert_eq!(e.text, "éé");
        assert!(e.truncated);
        let e = excerpt(body.as_bytes(), 100, false);
        assert_eq!(e.text, body);
        assert!(!e.truncated);
        let e = excerpt(b"ab\xFFcd", 100, false);
        assert_eq!(e.text, "ab\u{FFFD}cd");
        let e = excerpt(b"\xEF\xBB\xBF{}", 100, false);
        assert_eq!(e.text, "{}");
    }

    /// The string-building `one_line` that `OneLine` replaced, as the reference.
    fn one_line_reference(text: &str, max: usize) -> String {
        let mut out = String::new();
        let mut last_space = false;
        for (count, c) in text.chars().enumerate() {
            if count == max {
                out.push('…');
                break;
            }
            let c = if c.is_whitespace() { ' ' } else { c };
            if c == ' ' && last_space {
                continue;
            }
            last_space = c == ' ';
            if !c.is_control() {
                out.push(c);
            }
        }
        out.trim().to_owned()
    }

    /// Pseudo-random text from a small alphabet of the characters that matter.
    fn texts() -> impl Iterator<Item = String> {
        let alphabet = [
            'a', ' ', ' ', '\n', '\t', '\u{1}', '\u{a0}', 'é', '"', '{', '}', ':', '\u{85}',
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        (0..3000).map(move |_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            (0..len)
                .map(|i| alphabet[((seed >> (i % 60)) as usize + i * 7) % alphabet.len()])
                .collect()
        })
    }

    #[test]
    fn a_blank_body_is_said_to_be_empty_unless_it_was_cut() {
        let shown = |body: String| {
            let raw = RawResponse::new(StatusCode::BAD_GATEWAY, HeaderMap::new(), body);
            Error::from_error_response(raw).to_string()
        };
        assert_eq!(
            shown(" \n\t".into()),
            "HTTP 502 Bad Gateway with an empty body"
        );
        assert_eq!(
            shown(" ".repeat(120)),
            "HTTP 502 Bad Gateway with an empty body"
        );
        assert_eq!(shown(" ".repeat(121)), "HTTP 502 Bad Gateway: …");
        assert_eq!(shown(" <b>x</b> ".into()), "HTTP 502 Bad Gateway: <b>x</b>");
    }

    #[test]
    fn one_line_writes_what_the_string_version_built() {
        for text in texts() {
            for max in [0, 1, 3, 10, 39, 40, 41, 120] {
                assert_eq!(
                    OneLine(&text, max).to_string(),
                    one_line_reference(&text, max),
                    "{text:?} {max}"
                );
            }
        }
    }

    #[test]
    fn a_kept_prefix_gives_the_excerpt_of_the_whole_body() {
        let mut bodies: Vec<Vec<u8>> = texts().map(String::into_bytes).collect();
        bodies.push(b"\xEF\xBB\xBF{\"token\": \"abc\"}".to_vec());
        bodies.push("é".repeat(40).into_bytes());
        bodies.push(b"ab\xFF\xFEcd\xE9\x95".to_vec());
        for body in &bodies {
            for limit in [0, 1, 2, 5, 9, 200] {
                for truncated in [false, true] {
                    let lazy = LazyExcerpt::new(Bytes::copy_from_slice(body), limit, truncated);
                    assert!(lazy.bytes().len() <= limit + 4);
                    assert_eq!(
                        *lazy.get(),
                        excerpt(body, limit, truncated),
                        "{body:?} {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn one_line_folds_whitespace_and_bounds_length() {
        assert_eq!(
            one_line("<html>\n  <b>502</b>\r\n</html>", 100),
            "<html> <b>502</b> </html>"
        );
        assert_eq!(one_line("abcdef", 3), "abc…");
    }
}
