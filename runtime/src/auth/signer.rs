//! AK/SK request signing, byte-compatible with the official Huawei Cloud Python SDK.
//!
//! [`sign`] adds the headers the gateway checks (`X-Sdk-Date`, `Host`, `Authorization`, and
//! `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` where the SDK adds it) and rewrites the URI's query
//! to the canonical query, so that what is sent is what was signed. [`verify`] does the gateway's
//! half: it parses `Authorization`, recomputes the signature from a secret key and compares in
//! constant time. The building blocks ([`canonical_request`], [`string_to_sign`],
//! [`canonical_uri`], [`canonical_query`], [`signed_headers`]) are public for tests and tools.
//!
//! # The rules, as `huaweicloudsdkcore` 3.1.219 applies them
//!
//! - **Canonical request**: upper-cased method, canonical URI, canonical query, canonical
//!   headers, the signed-header list, payload hash; one per line.
//! - **Canonical URI**: the path is percent-decoded, split on `/` (so `%2F` becomes a
//!   separator), each segment is encoded again, and a `/` is appended when the result does not
//!   end with one. An empty path is `/`.
//! - **Canonical query**: split on `&` (empty parts skipped), each part split at its first `=`
//!   (a part without `=` has the empty value), keys and values percent-decoded (`+` stays a
//!   `+`), pairs sorted by decoded key then decoded value (byte order), and re-encoded with only
//!   `A-Z a-z 0-9 - _ . ~` left as they are, upper-case hex, space as `%20`.
//! - **Signed headers** ([`signed_headers`]): every header of the request whose name has no
//!   `_`, lower-cased and sorted, `Host`, `Content-Type` and `User-Agent` included.
//! - **Header values** are trimmed of surrounding white space (Unicode white space for UTF-8
//!   values, as Python's `str.strip`), inner white space is kept. [`sign`] also trims the values
//!   on the request, as the SDK does.
//! - **Payload hash**: an empty body hashes as the empty string; otherwise a non-empty
//!   `X-Sdk-Content-Sha256` header (`X-Sdk-Content-Sm3` for SM3) is taken as the hash;
//!   otherwise the hex digest of the body. [`sign`] sets that header to `UNSIGNED-PAYLOAD` when
//!   `Content-Type` is present, non-empty, and starts with neither `application/json` nor
//!   `application/bson` (case-sensitive, before trimming).
//! - **String to sign**: algorithm, `X-Sdk-Date`, for V11 the scope `yyyymmdd/region/service`,
//!   and the hex digest of the canonical request; one per line.
//! - **Keys**: the secret key for `SDK-HMAC-SHA256` and `SDK-HMAC-SM3`; for `V11-HMAC-SHA256`
//!   the 64-character lower-case hex text of HKDF-SHA256(IKM = secret key, salt = access key,
//!   info = scope, 32 bytes).
//!
//! # Cost
//!
//! [`sign`] writes the canonical request, the string to sign and the signature into one
//! byte buffer (which becomes the [`Signature`], checked as UTF-8 only when an accessor reads
//! it) and views the request's headers on the stack (up to 16 signed headers, sorted there by
//! an 8-byte prefix of the name). Names are taken as `http` stores them, lower case; a value
//! of ASCII bytes only is trimmed as bytes, and only a value with other bytes is checked as
//! UTF-8. It allocates that buffer and the `Authorization` value; the header map grows for
//! the headers added when it has no room for them.
//! The keyed HMAC states of `V11-HMAC-SHA256` (after the HKDF derivation) and `SDK-HMAC-SM3`
//! are kept in a small process-wide cache (32 entries, the oldest dropped first), found by
//! access key, scope and a SHA-256 hash of the secret key (the secret itself is not kept), so
//! a key is derived once per day, region and service rather than once per request. The
//! `X-Sdk-Date` and `Host` values it adds are shared with the same thread's previous signature
//! when the second and the host are the same (a header value's clone shares its bytes).
//!
//! Where cloudwire departs from the SDK, on inputs the SDK cannot produce or mishandles: an
//! `Authorization` header already on the request is replaced and not signed (the SDK would sign
//! the stale value); a header to be signed that occurs twice is an error; a `Content-Type`
//! spelled in any case triggers `UNSIGNED-PAYLOAD` (the SDK looks up the exact key
//! `Content-Type`); percent-escapes that decode to invalid UTF-8 are kept as bytes (Python
//! would turn them into U+FFFD); the `Host` derived from the URI leaves out any
//! `user:password@`; a caller's `X-Sdk-Date` may have surrounding white space. The SDK signs
//! any non-empty access key; cloudwire signs the same keys (inner spaces, `=`, `+` included)
//! but refuses one that `Authorization` could not carry and give back unchanged: a control
//! or non-ASCII character, a `,`, a space at either end, and for `V11-HMAC-SHA256` a `/`
//! ([`SignError::InvalidAccessKey`]).

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use http::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderMap, HeaderName, HeaderValue};
use http::request::Parts;
use http::uri::{PathAndQuery, Uri};
use http::{Method, Request};
use sha2::{Digest, Sha256};
use sm3::Sm3;

/// Name of the header that carries the signing time, `YYYYMMDDTHHMMSSZ` in UTC.
pub const X_SDK_DATE: &str = "x-sdk-date";
/// Name of the header that carries a temporary credential's security token.
pub const X_SECURITY_TOKEN: &str = "x-security-token";
/// Name of the payload-hash header of the SHA-256 algorithms.
pub const X_SDK_CONTENT_SHA256: &str = "x-sdk-content-sha256";
/// Name of the payload-hash header of the SM3 algorithm.
pub const X_SDK_CONTENT_SM3: &str = "x-sdk-content-sm3";
/// Value of the payload-hash header that leaves the body out of the signature.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

const DATE_HEADER: HeaderName = HeaderName::from_static(X_SDK_DATE);
/// `X-Security-Token` as a header name (`AkSk` adds it to unsigned requests too).
pub(crate) const SECURITY_TOKEN_HEADER: HeaderName = HeaderName::from_static(X_SECURITY_TOKEN);

const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const EMPTY_SM3: &str = "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b";

/// A signing algorithm of the Huawei Cloud AK/SK scheme.
///
/// ```
/// use cloudwire::auth::signer::Algorithm;
///
/// assert_eq!(Algorithm::HmacSha256.name(), "SDK-HMAC-SHA256");
/// assert_eq!(Algorithm::derived("cn-north-4", "ecs").name(), "V11-HMAC-SHA256");
/// assert_eq!(Algorithm::HmacSm3.name(), "SDK-HMAC-SM3");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// `SDK-HMAC-SHA256`: HMAC-SHA256 keyed with the secret key. The SDKs' default.
    HmacSha256,
    /// `V11-HMAC-SHA256`: HMAC-SHA256 keyed with a key derived per day, region and service.
    DerivedHmacSha256 {
        /// Region ID, such as `cn-north-4`.
        region: String,
        /// Service name used for key derivation, such as `ecs`.
        service: String,
    },
    /// `SDK-HMAC-SM3`: the same steps with SM3 for hashing and HMAC.
    HmacSm3,
}

impl Algorithm {
    /// The derived-key algorithm (`V11-HMAC-SHA256`) for one region and service.
    ///
    /// ```
    /// use cloudwire::auth::signer::Algorithm;
    ///
    /// let algorithm = Algorithm::derived("ap-southeast-1", "iam");
    /// assert!(matches!(algorithm, Algorithm::DerivedHmacSha256 { .. }));
    /// ```
    pub fn derived(region: impl Into<String>, service: impl Into<String>) -> Self {
        Algorithm::DerivedHmacSha256 {
            region: region.into(),
            service: service.into(),
        }
    }

    /// The name that starts the string to sign and the `Authorization` header.
    ///
    /// ```
    /// use cloudwire::auth::signer::Algorithm;
    ///
    /// assert_eq!(Algorithm::HmacSm3.name(), "SDK-HMAC-SM3");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Algorithm::HmacSha256 => "SDK-HMAC-SHA256",
            Algorithm::DerivedHmacSha256 { .. } => "V11-HMAC-SHA256",
            Algorithm::HmacSm3 => "SDK-HMAC-SM3",
        }
    }

    /// The (lower-case) name of the header that may carry the payload hash or
    /// [`UNSIGNED_PAYLOAD`]: [`X_SDK_CONTENT_SM3`] for SM3, [`X_SDK_CONTENT_SHA256`] otherwise.
    ///
    /// ```
    /// use cloudwire::auth::signer::Algorithm;
    ///
    /// assert_eq!(Algorithm::HmacSha256.content_hash_header(), "x-sdk-content-sha256");
    /// ```
    pub fn content_hash_header(&self) -> &'static str {
        match self {
            Algorithm::HmacSm3 => X_SDK_CONTENT_SM3,
            _ => X_SDK_CONTENT_SHA256,
        }
    }

    fn is_sm3(&self) -> bool {
        matches!(self, Algorithm::HmacSm3)
    }

    fn digest(&self, data: &[u8]) -> [u8; 32] {
        if self.is_sm3() {
            Sm3::digest(data).into()
        } else {
            Sha256::digest(data).into()
        }
    }

    fn hex_digest(&self, data: &[u8]) -> String {
        hex(&self.digest(data))
    }

    fn empty_hash(&self) -> &'static str {
        if self.is_sm3() {
            EMPTY_SM3
        } else {
            EMPTY_SHA256
        }
    }

    /// `yyyymmdd/region/service` for V11, `None` for the others.
    fn scope(&self, sdk_date: &str) -> Result<Option<String>, SignError> {
        match self {
            Algorithm::DerivedHmacSha256 { region, service } => {
                if !is_scope_part(region) || !is_scope_part(service) {
                    return Err(SignError::InvalidScope);
                }
                Ok(Some(format!("{}/{region}/{service}", &sdk_date[..8])))
            }
            _ => Ok(None),
        }
    }
}

fn is_scope_part(s: &str) -> bool {
    !s.is_empty() && printable_without(s.as_bytes(), b'!', [b'/', b','])
}

/// Whether every byte of `bytes` is from `low` to `~` and none is one of `not`: eight bytes
/// at a time (the last eight overlapping the others), with the word tests of "Bit Twiddling
/// Hacks" (whether a word holds a zero byte, a byte below `n`), which are exact as yes/no.
fn printable_without(bytes: &[u8], low: u8, not: [u8; 2]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let bad = |word: &[u8; 8]| {
        let x = u64::from_ne_bytes(*word);
        // A byte of 0x80 or more, below `low` (`low` is at most 0x80), DEL, or one of `not`.
        (x & HIGH)
            | (x.wrapping_sub(ONES * u64::from(low)) & !x & HIGH)
            | has_zero(x ^ (ONES * 0x7f))
            | has_zero(x ^ (ONES * u64::from(not[0])))
            | has_zero(x ^ (ONES * u64::from(not[1])))
    };
    match bytes.last_chunk::<8>() {
        Some(last) => {
            let (chunks, _) = bytes.as_chunks::<8>();
            chunks.iter().fold(bad(last), |all, word| all | bad(word)) == 0
        }
        None => bytes
            .iter()
            .all(|&b| (low..=b'~').contains(&b) && b != not[0] && b != not[1]),
    }
}

/// The access key, secret key and optional security token that sign a request.
///
/// A borrowed view: the caller keeps the secrets in its own redacting type. `Debug` shows the
/// access key only.
///
/// ```
/// use cloudwire::auth::signer::SigningKey;
///
/// let key = SigningKey::new("HPUAEXAMPLEAK", "example-secret").with_security_token("token");
/// assert_eq!(key.access_key(), "HPUAEXAMPLEAK");
/// let shown = format!("{key:?}");
/// assert!(!shown.contains("example-secret") && !shown.contains("\"token\""));
/// ```
#[derive(Clone, Copy)]
pub struct SigningKey<'a> {
    access_key: &'a str,
    secret_key: &'a str,
    security_token: Option<&'a str>,
}

impl<'a> SigningKey<'a> {
    /// Permanent credentials: an access key (AK) and its secret key (SK).
    pub fn new(access_key: &'a str, secret_key: &'a str) -> Self {
        SigningKey {
            access_key,
            secret_key,
            security_token: None,
        }
    }

    /// Temporary credentials: [`sign`] sends the token as `X-Security-Token` and signs it.
    pub fn with_security_token(mut self, security_token: &'a str) -> Self {
        self.security_token = Some(security_token);
        self
    }

    /// The access key.
    pub fn access_key(&self) -> &'a str {
        self.access_key
    }
}

impl fmt::Debug for SigningKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("access_key", &self.access_key)
            .field("secret_key", &"***")
            .field("security_token", &self.security_token.map(|_| "***"))
            .finish()
    }
}

/// Why a request could not be signed or did not verify.
///
/// `Display` is one line and never contains a secret key, token or signature.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// The access key is empty, starts or ends with a space, or holds a control
    /// character, a non-ASCII character or `,` (for `V11-HMAC-SHA256`, also `/`):
    /// what `Authorization` cannot carry and give back as it is. Inner spaces are fine.
    InvalidAccessKey,
    /// The secret key is empty.
    EmptySecretKey,
    /// A V11 region or service is empty or holds white space, `,` or `/`.
    InvalidScope,
    /// `X-Sdk-Date` is not of the form `YYYYMMDDTHHMMSSZ`.
    InvalidDate,
    /// The signing time is before 1970 or after 9999.
    TimeOutOfRange,
    /// The request carries no `X-Sdk-Date` (verification).
    MissingDate,
    /// The URI has no authority and the request has no `Host` header.
    MissingHost,
    /// A header to be signed occurs more than once.
    RepeatedHeader(HeaderName),
    /// A header value to be signed is not UTF-8, or a security token is not a valid header value.
    InvalidHeaderValue(HeaderName),
    /// The request URI cannot carry the canonical query.
    InvalidUri,
    /// The request carries no `Authorization` header (verification).
    MissingAuthorization,
    /// The `Authorization` header is malformed; the text says how.
    InvalidAuthorization(&'static str),
    /// A header listed in `SignedHeaders` is absent from the request (verification).
    MissingSignedHeader(String),
    /// The payload-hash header is neither `UNSIGNED-PAYLOAD` nor the body's hash (verification).
    BodyHashMismatch,
    /// The signature does not match the request (verification).
    SignatureMismatch,
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::InvalidAccessKey => f.write_str(
                "access key is empty, starts or ends with a space, or contains a control or non-ASCII character or `,` (or, for `V11-HMAC-SHA256`, `/`)",
            ),
            SignError::EmptySecretKey => f.write_str("secret key is empty"),
            SignError::InvalidScope => f.write_str(
                "region and service of `V11-HMAC-SHA256` must be non-empty, without white space, `,` or `/`",
            ),
            SignError::InvalidDate => {
                f.write_str("`X-Sdk-Date` is not a UTC time of the form `YYYYMMDDTHHMMSSZ`")
            }
            SignError::TimeOutOfRange => f.write_str("signing time is before 1970 or after 9999"),
            SignError::MissingDate => f.write_str("request has no `X-Sdk-Date` header"),
            SignError::MissingHost => {
                f.write_str("request has neither a URI authority nor a `Host` header")
            }
            SignError::RepeatedHeader(name) => {
                write!(f, "header `{name}` occurs more than once and cannot be signed")
            }
            SignError::InvalidHeaderValue(name) => {
                write!(f, "value of header `{name}` is not valid UTF-8 header text")
            }
            SignError::InvalidUri => f.write_str("request URI cannot carry the canonical query"),
            SignError::MissingAuthorization => f.write_str("request has no `Authorization` header"),
            SignError::InvalidAuthorization(why) => write!(f, "malformed `Authorization`: {why}"),
            SignError::MissingSignedHeader(name) => {
                write!(f, "signed header `{name}` is missing from the request")
            }
            SignError::BodyHashMismatch => {
                f.write_str("payload hash header does not match the body")
            }
            SignError::SignatureMismatch => f.write_str("signature does not match the request"),
        }
    }
}

impl std::error::Error for SignError {}

/// What [`sign`] computed, for logs and tests.
///
/// `Debug` shows the signed headers and the string to sign only: the canonical request can hold
/// a security token.
///
/// One buffer holds it all (the canonical request, then the string to sign, then the
/// signature), so that signing allocates it once; the accessors borrow from it.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    text: Vec<u8>,
    canonical_request: Span,
    string_to_sign: Span,
    signed_headers: Span,
    signature: Span,
}

/// A range of [`Signature::text`], as two offsets (a `Range` is not `Copy`).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
struct Span(usize, usize);

impl Span {
    fn bytes(self, text: &[u8]) -> &[u8] {
        text.get(self.0..self.1).unwrap_or_default()
    }

    /// The span as text. What the signer writes is ASCII or header values checked as
    /// UTF-8, so the check (run when read, not when signing) does not fail.
    fn of(self, text: &[u8]) -> &str {
        std::str::from_utf8(self.bytes(text)).unwrap_or_default()
    }
}

impl Signature {
    /// The canonical request that was hashed.
    pub fn canonical_request(&self) -> &str {
        self.canonical_request.of(&self.text)
    }

    /// The string to sign.
    pub fn string_to_sign(&self) -> &str {
        self.string_to_sign.of(&self.text)
    }

    /// The signed header names, lower case, joined by `;`.
    pub fn signed_headers(&self) -> &str {
        self.signed_headers.of(&self.text)
    }

    /// The signature, lower-case hex.
    pub fn signature(&self) -> &str {
        self.signature.of(&self.text)
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signature")
            .field("signed_headers", &self.signed_headers())
            .field("string_to_sign", &self.string_to_sign())
            .finish_non_exhaustive()
    }
}

/// Signs `request` in place, as the Python SDK's signers do.
///
/// In order: an `Authorization` already present is dropped; with a security token,
/// `X-Security-Token` is set; `X-Sdk-Content-Sha256` (`X-Sdk-Content-Sm3` for SM3) is set to
/// `UNSIGNED-PAYLOAD` when the `Content-Type` is not JSON or BSON (see the [module
/// docs](self)); `X-Sdk-Date` is set from `time` unless the request has one, whose value then
/// wins; `Host` is set from the URI's authority as written (a written port stays, even `:443`)
/// unless the request has one; every header value is trimmed; then `Authorization` is added and
/// the URI's query is replaced by the canonical query (no `?` when it is empty).
///
/// On error the request is left unchanged.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use cloudwire::auth::signer::{sign, verify, Algorithm, SigningKey};
///
/// let mut request = http::Request::post("https://ecs.cn-north-4.myhuaweicloud.com/v1/p/servers?b=2&a=1")
///     .header("Content-Type", "application/json")
///     .body(br#"{"name":"vm-1"}"#.to_vec())?;
/// let time = UNIX_EPOCH + Duration::from_secs(1_795_926_258); // 2026-11-29T04:24:18Z
/// let key = SigningKey::new("HPUAEXAMPLEAK", "example-secret");
///
/// let signature = sign(&mut request, &Algorithm::HmacSha256, &key, time)?;
///
/// assert_eq!(signature.signed_headers(), "content-type;host;x-sdk-date");
/// assert_eq!(request.headers()["x-sdk-date"], "20261129T042418Z");
/// assert_eq!(request.headers()["host"], "ecs.cn-north-4.myhuaweicloud.com");
/// assert_eq!(request.uri().query(), Some("a=1&b=2"));
/// assert!(request.headers()["authorization"]
///     .to_str()?
///     .starts_with("SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK, SignedHeaders=content-type;host;x-sdk-date, Signature="));
/// verify(&request, "example-secret")?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sign<B: AsRef<[u8]>>(
    request: &mut Request<B>,
    algorithm: &Algorithm,
    key: &SigningKey<'_>,
    time: SystemTime,
) -> Result<Signature, SignError> {
    check_access_key(
        key.access_key,
        matches!(algorithm, Algorithm::DerivedHmacSha256 { .. }),
    )?;
    if key.secret_key.is_empty() {
        return Err(SignError::EmptySecretKey);
    }
    if let Algorithm::DerivedHmacSha256 { region, service } = algorithm
        && (!is_scope_part(region) || !is_scope_part(service))
    {
        return Err(SignError::InvalidScope);
    }
    // Names built at compile time (`from_static` checks its text when run).
    const SHA256_HEADER: HeaderName = HeaderName::from_static(X_SDK_CONTENT_SHA256);
    const SM3_HEADER: HeaderName = HeaderName::from_static(X_SDK_CONTENT_SM3);
    let content_header = if algorithm.is_sm3() {
        SM3_HEADER
    } else {
        SHA256_HEADER
    };
    let content_name = algorithm.content_hash_header().as_bytes();
    let date_header = DATE_HEADER;
    let headers = request.headers();

    // One pass over the headers: what is signed as it stands (trimmed), and
    // what decides the headers to add. Names and values as bytes: `http` keeps
    // names lower case, and only a value with a byte above ASCII is checked as
    // UTF-8 (see `signed_value`).
    let count = headers.len() + 4;
    let mut stack = [Signed::EMPTY; 16];
    let mut heap = Vec::new();
    let slots: &mut [Signed<'_>] = if count <= stack.len() {
        &mut stack[..count]
    } else {
        heap.resize(count, Signed::EMPTY);
        &mut heap
    };
    let mut len = 0;
    let (mut content_type, mut date, mut has_host, mut has_authorization) =
        (None, None, false, false);
    let mut needs_trim = false;
    for (name, value) in headers {
        let untrimmed = may_need_trim(value.as_bytes());
        needs_trim |= untrimmed;
        if name == AUTHORIZATION {
            has_authorization = true;
            continue;
        }
        if name == CONTENT_TYPE {
            content_type = content_type.or(Some(value));
        } else if name == date_header {
            std::str::from_utf8(value.as_bytes()).map_err(|_| SignError::InvalidDate)?;
            date = date.or(Some(value));
        } else if name == HOST {
            has_host = true;
        }
        let name_text = name.as_str();
        if has_underscore(name_text.as_bytes())
            || (key.security_token.is_some() && name_text == X_SECURITY_TOKEN)
        {
            continue;
        }
        let bytes = value.as_bytes();
        let value = if !untrimmed {
            // Nothing to trim, and ASCII at both ends: UTF-8 if ASCII throughout.
            if bytes.is_ascii() {
                bytes
            } else {
                header_str(name, value)?.as_bytes()
            }
        } else {
            signed_value(name, value)?
        };
        slots[len] = Signed::new(name_text.as_bytes(), value);
        len += 1;
    }

    // Headers to insert (replacing any of the same name), in the SDK's order:
    // the token, the payload-hash header, the date, the host. Each also goes
    // among the signed headers, with the text it carries.
    let token = key.security_token.map(trim);
    let token_value = token.map(security_token_value).transpose()?;
    let unsigned_payload = content_type.is_some_and(|ct| {
        let ct = ct.as_bytes();
        !ct.is_empty()
            && !ct.starts_with(b"application/json")
            && !ct.starts_with(b"application/bson")
    });
    if unsigned_payload {
        // The payload-hash header is replaced: drop what the request had.
        let mut kept = 0;
        for i in 0..len {
            if slots[i].name != content_name {
                slots[kept] = slots[i];
                kept += 1;
            }
        }
        len = kept;
    }
    let mut date_text = [0u8; 16];
    let date_value = match date {
        Some(_) => None,
        None => Some(sdk_date_value(time, &mut date_text)?),
    };
    let sdk_date: &[u8] = match date {
        Some(value) => {
            let text =
                trim(std::str::from_utf8(value.as_bytes()).map_err(|_| SignError::InvalidDate)?);
            parse_sdk_date(text)?;
            text.as_bytes()
        }
        None => &date_text,
    };
    let mut host = None;
    let mut host_header = None;
    if !has_host {
        let authority = request.uri().authority().ok_or(SignError::MissingHost)?;
        let (text, value) = host_value(authority.as_str())?;
        host_header = Some(value);
        // An authority holds no white space; trimmed as the SDK does all the same.
        host = Some(if may_need_trim(text.as_bytes()) {
            trim(text)
        } else {
            text
        });
    }

    // The headers as they will be once signed, sorted.
    if let Some(token) = token {
        slots[len] = Signed::new(X_SECURITY_TOKEN.as_bytes(), token.as_bytes());
        len += 1;
    }
    if unsigned_payload {
        slots[len] = Signed::new(content_name, UNSIGNED_PAYLOAD.as_bytes());
        len += 1;
    }
    if date_value.is_some() {
        slots[len] = Signed::new(X_SDK_DATE.as_bytes(), sdk_date);
        len += 1;
    }
    if let Some(host) = host {
        slots[len] = Signed::new(b"host", host.as_bytes());
        len += 1;
    }
    let view = &mut slots[..len];
    view.sort_unstable_by(Signed::order);
    if let Some(pair) = view.windows(2).find(|pair| pair[0].same_name(&pair[1]))
        && let Some(name) = headers
            .keys()
            .find(|name| name.as_str().as_bytes() == pair[0].name)
    {
        return Err(SignError::RepeatedHeader(name.clone()));
    }
    let view = &*view;

    let body = request.body().as_ref();
    let payload = if body.is_empty() {
        Payload::Text(algorithm.empty_hash().as_bytes())
    } else {
        let wanted = Signed::new(content_name, b"");
        match view.iter().find(|header| header.same_name(&wanted)) {
            Some(header) if !header.value.is_empty() => Payload::Text(header.value),
            _ => Payload::Digest(algorithm.digest(body)),
        }
    };

    // One buffer: the canonical request, then the string to sign, then the
    // signature (the `Authorization` value is built from it in its own buffer).
    let uri = request.uri();
    let (path, query) = (uri.path(), uri.query().unwrap_or(""));
    let header_bytes: usize = view
        .iter()
        .map(|header| 2 * header.name.len() + header.value.len() + 2)
        .sum();
    let scope_len = match algorithm {
        Algorithm::DerivedHmacSha256 { region, service } => 10 + region.len() + service.len(),
        _ => 0,
    };
    let mut text =
        Vec::with_capacity(header_bytes + 2 * (path.len() + query.len()) + scope_len + 320);
    let written = write_canonical_request(&mut text, request.method(), path, query, view, &payload);
    let canonical = Span(0, text.len());
    let digest = algorithm.digest(&text);
    let string_to_sign = Span(text.len(), 0);
    text.extend_from_slice(algorithm.name().as_bytes());
    text.push(b'\n');
    text.extend_from_slice(sdk_date);
    text.push(b'\n');
    let mut scope = Span::default();
    if let Algorithm::DerivedHmacSha256 { region, service } = algorithm {
        scope.0 = text.len();
        text.extend_from_slice(&sdk_date[..8]);
        text.push(b'/');
        text.extend_from_slice(region.as_bytes());
        text.push(b'/');
        text.extend_from_slice(service.as_bytes());
        scope.1 = text.len();
        text.push(b'\n');
    }
    push_hex(&mut text, &digest);
    let string_to_sign = Span(string_to_sign.0, text.len());
    let scope_text = (scope.1 > 0).then(|| scope.bytes(&text));
    let mac = match algorithm {
        // Keyed here, not through `keyed_mac`: no keyed state to move around.
        Algorithm::HmacSha256 => {
            hmac_sha256(key.secret_key.as_bytes(), string_to_sign.bytes(&text)).unwrap_or([0; 32])
        }
        _ => match keyed_mac(algorithm, key.access_key, key.secret_key, scope_text) {
            Some(mac) => mac.sign(string_to_sign.bytes(&text)),
            None => [0; 32],
        },
    };
    let signature = Span(text.len(), text.len() + 64);
    push_hex(&mut text, &mac);

    let signed_headers = written.signed_headers.bytes(&text);
    let scope_text = (scope.1 > 0).then(|| scope.bytes(&text));
    let mut authorization = Vec::with_capacity(
        algorithm.name().len()
            + match scope_text {
                Some(scope) => " Credential=".len() + key.access_key.len() + 1 + scope.len(),
                None => " Access=".len() + key.access_key.len(),
            }
            + ", SignedHeaders=".len()
            + signed_headers.len()
            + ", Signature=".len()
            + 64,
    );
    authorization.extend_from_slice(algorithm.name().as_bytes());
    match scope_text {
        Some(scope) => {
            authorization.extend_from_slice(b" Credential=");
            authorization.extend_from_slice(key.access_key.as_bytes());
            authorization.push(b'/');
            authorization.extend_from_slice(scope);
        }
        None => {
            authorization.extend_from_slice(b" Access=");
            authorization.extend_from_slice(key.access_key.as_bytes());
        }
    }
    authorization.extend_from_slice(b", SignedHeaders=");
    authorization.extend_from_slice(signed_headers);
    authorization.extend_from_slice(b", Signature=");
    authorization.extend_from_slice(signature.bytes(&text));
    let mut authorization = HeaderValue::try_from(authorization)
        .map_err(|_| SignError::InvalidHeaderValue(AUTHORIZATION))?;
    authorization.set_sensitive(true);
    let uri = with_query(uri, written.query.bytes(&text))?;

    // Nothing below can fail: apply.
    let headers = request.headers_mut();
    if has_authorization {
        headers.remove(AUTHORIZATION);
    }
    let added = usize::from(token_value.is_some())
        + usize::from(unsigned_payload)
        + usize::from(date_value.is_some())
        + usize::from(host_header.is_some());
    headers.reserve(added + 1);
    if let Some(value) = token_value {
        headers.insert(SECURITY_TOKEN_HEADER, value);
    }
    if unsigned_payload {
        headers.insert(content_header, HeaderValue::from_static(UNSIGNED_PAYLOAD));
    }
    if let Some(value) = date_value {
        headers.insert(date_header, value);
    }
    if let Some(value) = host_header {
        headers.insert(HOST, value);
    }
    if needs_trim {
        // The values added are trimmed already.
        trim_values(headers);
    }
    headers.insert(AUTHORIZATION, authorization);
    if let Some(uri) = uri {
        *request.uri_mut() = uri;
    }
    Ok(Signature {
        canonical_request: canonical,
        string_to_sign,
        signed_headers: written.signed_headers,
        signature,
        text,
    })
}

thread_local! {
    /// The last `X-Sdk-Date` this thread wrote: its second, text and value.
    static LAST_DATE: RefCell<Option<(u64, [u8; 16], HeaderValue)>> = const { RefCell::new(None) };
    /// The last `Host` this thread derived from a URI, and its value.
    static LAST_HOST: RefCell<Option<HeaderValue>> = const { RefCell::new(None) };
}

/// The `X-Sdk-Date` value of `time`, its text written into `text`. Requests signed in the same
/// second share one value (a header value's clone shares its bytes: no allocation).
fn sdk_date_value(time: SystemTime, text: &mut [u8; 16]) -> Result<HeaderValue, SignError> {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map_err(|_| SignError::TimeOutOfRange)?
        .as_secs();
    let cached = LAST_DATE.with(|last| match &*last.borrow() {
        Some((at, written, value)) if *at == secs => {
            *text = *written;
            Some(value.clone())
        }
        _ => None,
    });
    if let Some(value) = cached {
        return Ok(value);
    }
    write_sdk_date(text, time)?;
    let value =
        HeaderValue::from_bytes(text).map_err(|_| SignError::InvalidHeaderValue(DATE_HEADER))?;
    LAST_DATE.with(|last| *last.borrow_mut() = Some((secs, *text, value.clone())));
    Ok(value)
}

/// The host of an authority (without any `user:password@`) and its `Host` value; the same
/// host as the thread's last shares its value. The authority is first compared with that
/// host as it is: one that is equal holds no `@`.
fn host_value(authority: &str) -> Result<(&str, HeaderValue), SignError> {
    let cached = LAST_HOST.with(|last| {
        last.borrow()
            .as_ref()
            .filter(|value| value.as_bytes() == authority.as_bytes())
            .cloned()
    });
    if let Some(value) = cached {
        return Ok((authority, value));
    }
    let host = match authority.rfind('@') {
        Some(at) => &authority[at + 1..],
        None => authority,
    };
    let value = header_value(&HOST, host)?;
    LAST_HOST.with(|last| *last.borrow_mut() = Some(value.clone()));
    Ok((host, value))
}

/// The canonical request of `request` as it stands, signing the headers named in
/// `signed_headers` (lower case, in the given order, as `SignedHeaders` lists them).
///
/// Nothing is added: call it on a request that already carries its `Host` and `X-Sdk-Date`,
/// such as one that was signed. The payload hash follows the SDK: empty body, else a non-empty
/// [`Algorithm::content_hash_header`], else the digest of the body.
///
/// ```
/// use cloudwire::auth::signer::{canonical_request, signed_headers, Algorithm};
///
/// let request = http::Request::get("http://example.com/v1/items?b=2&a=1")
///     .header("Host", "example.com")
///     .header("X-Sdk-Date", "20261129T042418Z")
///     .body(Vec::new())?;
/// let names = signed_headers(&request);
/// let names: Vec<&str> = names.iter().map(String::as_str).collect();
/// let canonical = canonical_request(&request, &Algorithm::HmacSha256, &names)?;
/// assert_eq!(
///     canonical,
///     "GET\n/v1/items/\na=1&b=2\nhost:example.com\nx-sdk-date:20261129T042418Z\n\nhost;x-sdk-date\n\
///      e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn canonical_request<B: AsRef<[u8]>>(
    request: &Request<B>,
    algorithm: &Algorithm,
    signed_headers: &[&str],
) -> Result<String, SignError> {
    canonical_request_of(&View::of(request), algorithm, signed_headers).map(into_string)
}

/// What signing reads of a request; one type for a [`Request`] and for [`Parts`] plus a body.
struct View<'r> {
    method: &'r Method,
    uri: &'r Uri,
    headers: &'r HeaderMap,
    body: &'r [u8],
}

impl<'r> View<'r> {
    fn of<B: AsRef<[u8]>>(request: &'r Request<B>) -> Self {
        View {
            method: request.method(),
            uri: request.uri(),
            headers: request.headers(),
            body: request.body().as_ref(),
        }
    }

    fn of_parts(parts: &'r Parts, body: &'r [u8]) -> Self {
        View {
            method: &parts.method,
            uri: &parts.uri,
            headers: &parts.headers,
            body,
        }
    }
}

fn canonical_request_of(
    request: &View<'_>,
    algorithm: &Algorithm,
    signed_headers: &[&str],
) -> Result<Vec<u8>, SignError> {
    let headers = request.headers;
    let mut view = Vec::with_capacity(signed_headers.len());
    for &name in signed_headers {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| SignError::MissingSignedHeader(name.to_owned()))?;
        if !headers.contains_key(&header) {
            return Err(SignError::MissingSignedHeader(name.to_owned()));
        }
        view.push(Signed::new(
            name.as_bytes(),
            single_value(headers, &header)?.as_bytes(),
        ));
    }
    let body = request.body;
    let payload = if body.is_empty() {
        Payload::Text(algorithm.empty_hash().as_bytes())
    } else {
        match content_hash_value(headers, algorithm)? {
            Some(value) => Payload::Text(value.as_bytes()),
            None => Payload::Digest(algorithm.digest(body)),
        }
    };
    let mut out = Vec::with_capacity(512);
    write_canonical_request(
        &mut out,
        request.method,
        request.uri.path(),
        request.uri.query().unwrap_or(""),
        &view,
        &payload,
    );
    Ok(out)
}

/// The string to sign for a canonical request signed at `sdk_date` (`YYYYMMDDTHHMMSSZ`).
///
/// ```
/// use cloudwire::auth::signer::{string_to_sign, Algorithm};
///
/// let text = string_to_sign(&Algorithm::derived("cn-north-4", "ecs"), "20261129T042418Z", "")?;
/// assert_eq!(
///     text,
///     "V11-HMAC-SHA256\n20261129T042418Z\n20261129/cn-north-4/ecs\n\
///      e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// # Ok::<(), cloudwire::auth::signer::SignError>(())
/// ```
pub fn string_to_sign(
    algorithm: &Algorithm,
    sdk_date: &str,
    canonical_request: &str,
) -> Result<String, SignError> {
    parse_sdk_date(sdk_date)?;
    let scope = algorithm.scope(sdk_date)?;
    Ok(into_string(build_string_to_sign(
        algorithm,
        sdk_date,
        scope.as_deref(),
        canonical_request.as_bytes(),
    )))
}

/// The headers [`sign`] signs: every header whose name has no `_`, except `Authorization`,
/// lower case, sorted.
///
/// This is the Python SDK's rule (Java and .NET leave out `content-type`; the Go core also
/// `host`). [`verify`] accepts any list, so requests signed by those SDKs verify too.
///
/// ```
/// use cloudwire::auth::signer::signed_headers;
///
/// let request = http::Request::get("/")
///     .header("X-Sdk-Date", "20261129T042418Z")
///     .header("Host", "example.com")
///     .header("X_Trace_Id", "not signed")
///     .body(())?;
/// assert_eq!(signed_headers(&request), ["host", "x-sdk-date"]);
/// # Ok::<(), http::Error>(())
/// ```
pub fn signed_headers<B>(request: &Request<B>) -> Vec<String> {
    let mut names: Vec<String> = request
        .headers()
        .keys()
        .filter(|name| !name.as_str().contains('_') && *name != AUTHORIZATION)
        .map(|name| name.as_str().to_owned())
        .collect();
    names.sort_unstable();
    names
}

/// The canonical URI of a request path: decoded, split on `/`, each segment encoded again,
/// ending in `/`.
///
/// ```
/// use cloudwire::auth::signer::canonical_uri;
///
/// assert_eq!(canonical_uri("/v1/buckets/a%2Fb"), "/v1/buckets/a/b/");
/// assert_eq!(canonical_uri("/v1/%e9%95%9c x"), "/v1/%E9%95%9C%20x/");
/// assert_eq!(canonical_uri(""), "/");
/// ```
pub fn canonical_uri(path: &str) -> String {
    let mut out = Vec::with_capacity(path.len() + 8);
    write_canonical_uri(&mut out, path);
    into_string(out)
}

/// A decoded query key and value.
type QueryPair<'q> = (Cow<'q, [u8]>, Cow<'q, [u8]>);

/// The canonical query of a raw query string (without the `?`): pairs sorted by decoded key
/// and value, re-encoded, joined by `&`.
///
/// ```
/// use cloudwire::auth::signer::canonical_query;
///
/// assert_eq!(canonical_query("name=b&limit=10&name=a&flag"), "flag=&limit=10&name=a&name=b");
/// assert_eq!(canonical_query("q=a+b%20c&&x=%7e"), "q=a%2Bb%20c&x=~");
/// ```
pub fn canonical_query(query: &str) -> String {
    let mut out = Vec::with_capacity(query.len() + 8);
    write_canonical_query(&mut out, query);
    into_string(out)
}

fn write_canonical_query(out: &mut Vec<u8>, query: &str) {
    fn pair(part: &[u8]) -> QueryPair<'_> {
        let (key, value) = match part.iter().position(|&b| b == b'=') {
            Some(at) => (&part[..at], &part[at + 1..]),
            None => (part, &b""[..]),
        };
        (percent_decode(key), percent_decode(value))
    }
    let write = |out: &mut Vec<u8>, (key, value): &QueryPair<'_>| {
        percent_encode(out, key);
        out.push(b'=');
        percent_encode(out, value);
    };
    let query = query.as_bytes();
    if query.is_empty() {
        return;
    }
    // One pair with nothing to decode nor to encode is its own canonical form
    // (with `=` added when it has none). One pass, without an early exit.
    let (plain, equals) = query.iter().fold((true, 0usize), |(plain, equals), &b| {
        (
            plain & (UNRESERVED[usize::from(b)] | (b == b'=')),
            equals + usize::from(b == b'='),
        )
    });
    if plain && equals <= 1 {
        out.extend_from_slice(query);
        if equals == 0 {
            out.push(b'=');
        }
        return;
    }
    if !query.contains(&b'&') {
        // One pair: nothing to sort, nothing to collect.
        write(out, &pair(query));
        return;
    }
    let mut pairs: Vec<QueryPair<'_>> = query
        .split(|&b| b == b'&')
        .filter(|part| !part.is_empty())
        .map(pair)
        .collect();
    pairs.sort_unstable();
    for (i, p) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        write(out, p);
    }
}

/// Formats a time as `X-Sdk-Date` text, `YYYYMMDDTHHMMSSZ` in UTC.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use cloudwire::auth::signer::format_sdk_date;
///
/// let time = UNIX_EPOCH + Duration::from_secs(1_795_926_258);
/// assert_eq!(format_sdk_date(time)?, "20261129T042418Z");
/// # Ok::<(), cloudwire::auth::signer::SignError>(())
/// ```
pub fn format_sdk_date(time: SystemTime) -> Result<String, SignError> {
    let mut text = [0u8; 16];
    write_sdk_date(&mut text, time)?;
    Ok(String::from_utf8_lossy(&text).into_owned())
}

/// `YYYYMMDDTHHMMSSZ` into a stack buffer: ASCII digits, `T` and `Z` only.
fn write_sdk_date(out: &mut [u8; 16], time: SystemTime) -> Result<(), SignError> {
    if time < UNIX_EPOCH {
        return Err(SignError::TimeOutOfRange);
    }
    let t = super::time::utc(time).ok_or(SignError::TimeOutOfRange)?;
    let mut put = |at: usize, width: usize, mut value: u64| {
        for i in (at..at + width).rev() {
            out[i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    // In range: years 1970 to 9999, the other fields by the calendar.
    put(0, 4, t.year().unsigned_abs().into());
    put(4, 2, t.month().unsigned_abs().into());
    put(6, 2, t.day().unsigned_abs().into());
    put(9, 2, t.hour().unsigned_abs().into());
    put(11, 2, t.minute().unsigned_abs().into());
    put(13, 2, t.second().unsigned_abs().into());
    out[8] = b'T';
    out[15] = b'Z';
    Ok(())
}

/// The signing time that request headers carry in `X-Sdk-Date`, for clock-skew checks.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use cloudwire::auth::signer::request_time;
///
/// let request = http::Request::get("/").header("X-Sdk-Date", "20261129T042418Z").body(())?;
/// assert_eq!(request_time(request.headers())?, UNIX_EPOCH + Duration::from_secs(1_795_926_258));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn request_time(headers: &HeaderMap) -> Result<SystemTime, SignError> {
    parse_sdk_date(sdk_date_text(headers)?)
}

/// The trimmed `X-Sdk-Date` text, unchecked.
fn sdk_date_text(headers: &HeaderMap) -> Result<&str, SignError> {
    let value = headers.get(X_SDK_DATE).ok_or(SignError::MissingDate)?;
    let text = std::str::from_utf8(value.as_bytes()).map_err(|_| SignError::InvalidDate)?;
    Ok(trim(text))
}

/// A parsed `Authorization` header of the AK/SK scheme.
///
/// `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`, the same with
/// `SDK-HMAC-SM3`, or `V11-HMAC-SHA256 Credential=AK/yyyymmdd/region/service, ...`.
/// `Debug` leaves the signature out.
///
/// ```
/// use cloudwire::auth::signer::{Algorithm, Authorization};
///
/// let header = "V11-HMAC-SHA256 Credential=HPUAEXAMPLEAK/20261129/cn-north-4/ecs, \
///               SignedHeaders=host;x-sdk-date, Signature=00ff";
/// let auth: Authorization = header.parse()?;
/// assert_eq!(auth.access_key(), "HPUAEXAMPLEAK");
/// assert_eq!(auth.algorithm(), &Algorithm::derived("cn-north-4", "ecs"));
/// assert_eq!(auth.credential_scope(), Some("20261129/cn-north-4/ecs"));
/// assert_eq!(auth.signed_headers(), ["host", "x-sdk-date"]);
/// # Ok::<(), cloudwire::auth::signer::SignError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Authorization {
    algorithm: Algorithm,
    access_key: String,
    scope: Option<String>,
    signed_headers: Vec<String>,
    signature: String,
}

impl Authorization {
    /// Parses the `Authorization` header of `request`.
    pub fn from_request<B>(request: &Request<B>) -> Result<Self, SignError> {
        Self::from_headers(request.headers())
    }

    /// Parses the `Authorization` header among `headers`.
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, SignError> {
        let value = headers
            .get(AUTHORIZATION)
            .ok_or(SignError::MissingAuthorization)?;
        let text = value
            .to_str()
            .map_err(|_| SignError::InvalidAuthorization("not visible ASCII"))?;
        text.parse()
    }

    /// The algorithm; for V11, with the region and service of the credential scope.
    pub fn algorithm(&self) -> &Algorithm {
        &self.algorithm
    }

    /// The access key that signed.
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// `yyyymmdd/region/service` for V11, `None` for the others.
    pub fn credential_scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }

    /// The signed header names, in the order listed.
    pub fn signed_headers(&self) -> &[String] {
        &self.signed_headers
    }

    /// Recomputes the signature of `request` with `secret_key` and compares it with this
    /// header's in constant time.
    ///
    /// Besides the signature: `X-Sdk-Date` must be valid, a V11 scope's date must be its date,
    /// and a payload-hash header other than `UNSIGNED-PAYLOAD` must match the body.
    /// Clock skew is not checked: see [`request_time`].
    pub fn verify<B: AsRef<[u8]>>(
        &self,
        request: &Request<B>,
        secret_key: &str,
    ) -> Result<(), SignError> {
        self.verify_view(&View::of(request), secret_key)
    }

    /// [`verify`](Self::verify) for a request taken apart, as a server middleware holds it.
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use cloudwire::auth::signer::{sign, Algorithm, Authorization, SigningKey};
    ///
    /// let mut request = http::Request::post("http://127.0.0.1:8080/v1/items")
    ///     .header("Content-Type", "application/json")
    ///     .body(b"{}".to_vec())?;
    /// sign(&mut request, &Algorithm::HmacSha256, &SigningKey::new("AK", "SK"), SystemTime::now())?;
    /// let (parts, body) = request.into_parts();
    /// let auth = Authorization::from_headers(&parts.headers)?;
    /// auth.verify_parts(&parts, &body, "SK")?;
    /// assert!(auth.verify_parts(&parts, b"{ }", "SK").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verify_parts(
        &self,
        parts: &Parts,
        body: &[u8],
        secret_key: &str,
    ) -> Result<(), SignError> {
        self.verify_view(&View::of_parts(parts, body), secret_key)
    }

    fn verify_view(&self, request: &View<'_>, secret_key: &str) -> Result<(), SignError> {
        let sdk_date = sdk_date_text(request.headers)?;
        parse_sdk_date(sdk_date)?;
        if let Some(scope) = &self.scope
            && !scope.starts_with(&sdk_date[..8])
        {
            return Err(SignError::InvalidAuthorization(
                "credential scope date is not the date of `X-Sdk-Date`",
            ));
        }
        let body = request.body;
        if !body.is_empty()
            && let Some(hash) = content_hash_value(request.headers, &self.algorithm)?
            && hash != UNSIGNED_PAYLOAD
            && hash != self.algorithm.hex_digest(body)
        {
            return Err(SignError::BodyHashMismatch);
        }
        let names: Vec<&str> = self.signed_headers.iter().map(String::as_str).collect();
        let canonical = canonical_request_of(request, &self.algorithm, &names)?;
        let text =
            build_string_to_sign(&self.algorithm, sdk_date, self.scope.as_deref(), &canonical);
        let expected = hex_decode_32(&self.signature).ok_or(SignError::SignatureMismatch)?;
        let ok = keyed_mac(
            &self.algorithm,
            &self.access_key,
            secret_key,
            self.scope.as_deref().map(str::as_bytes),
        )
        .is_some_and(|mac| mac.verify(&text, &expected));
        if ok {
            Ok(())
        } else {
            Err(SignError::SignatureMismatch)
        }
    }
}

impl FromStr for Authorization {
    type Err = SignError;

    fn from_str(header: &str) -> Result<Self, SignError> {
        let (name, rest) = header
            .trim()
            .split_once(' ')
            .ok_or(SignError::InvalidAuthorization(
                "expected `ALGORITHM key=value, ...`",
            ))?;
        let derived = match name {
            "SDK-HMAC-SHA256" | "SDK-HMAC-SM3" => false,
            "V11-HMAC-SHA256" => true,
            _ => {
                return Err(SignError::InvalidAuthorization(
                    "unsupported algorithm, expected `SDK-HMAC-SHA256`, `V11-HMAC-SHA256` or `SDK-HMAC-SM3`",
                ));
            }
        };
        let (mut access, mut signed, mut signature) = (None, None, None);
        for part in rest.split(',') {
            let (key, value) = part
                .trim()
                .split_once('=')
                .ok_or(SignError::InvalidAuthorization("a part is not `key=value`"))?;
            let slot = match key {
                "Access" if !derived => &mut access,
                "Credential" if derived => &mut access,
                "SignedHeaders" => &mut signed,
                "Signature" => &mut signature,
                _ => return Err(SignError::InvalidAuthorization("unexpected key")),
            };
            if slot.replace(value).is_some() {
                return Err(SignError::InvalidAuthorization("repeated key"));
            }
        }
        let missing = SignError::InvalidAuthorization(
            "expected `Access` (V11: `Credential`), `SignedHeaders` and `Signature`",
        );
        let (access, signed, signature) = match (access, signed, signature) {
            (Some(a), Some(h), Some(s)) => (a, h, s),
            _ => return Err(missing),
        };
        let (access_key, scope, algorithm) = if derived {
            let (ak, scope) = access
                .split_once('/')
                .ok_or(SignError::InvalidAuthorization("`Credential` has no scope"))?;
            let mut parts = scope.split('/');
            let (Some(date), Some(region), Some(service), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(SignError::InvalidAuthorization(
                    "scope is not `yyyymmdd/region/service`",
                ));
            };
            if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SignError::InvalidAuthorization(
                    "scope date is not `yyyymmdd`",
                ));
            }
            let algorithm = Algorithm::derived(region, service);
            (ak, Some(scope.to_owned()), algorithm)
        } else if name == "SDK-HMAC-SM3" {
            (access, None, Algorithm::HmacSm3)
        } else {
            (access, None, Algorithm::HmacSha256)
        };
        if check_access_key(access_key, derived).is_err() {
            return Err(SignError::InvalidAuthorization(
                "empty or malformed access key",
            ));
        }
        if let Algorithm::DerivedHmacSha256 { region, service } = &algorithm
            && (!is_scope_part(region) || !is_scope_part(service))
        {
            return Err(SignError::InvalidAuthorization(
                "empty region or service in scope",
            ));
        }
        let signed_headers: Vec<String> = if signed.is_empty() {
            Vec::new()
        } else {
            signed.split(';').map(str::to_owned).collect()
        };
        Ok(Authorization {
            algorithm,
            access_key: access_key.to_owned(),
            scope,
            signed_headers,
            signature: signature.to_owned(),
        })
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization")
            .field("algorithm", &self.algorithm)
            .field("access_key", &self.access_key)
            .field("scope", &self.scope)
            .field("signed_headers", &self.signed_headers)
            .finish_non_exhaustive()
    }
}

/// Verifies a signed request: parses its `Authorization` and calls [`Authorization::verify`].
///
/// A server with several keys parses first ([`Authorization::from_request`] or
/// [`Authorization::from_headers`]) to look the secret key up by [`Authorization::access_key`],
/// then calls [`Authorization::verify`] or [`Authorization::verify_parts`].
///
/// ```
/// use std::time::SystemTime;
/// use cloudwire::auth::signer::{sign, verify, Algorithm, SigningKey, SignError};
///
/// let mut request = http::Request::get("http://127.0.0.1:8080/v1/items").body(Vec::new())?;
/// sign(&mut request, &Algorithm::HmacSm3, &SigningKey::new("AK", "SK"), SystemTime::now())?;
/// assert_eq!(verify(&request, "SK")?.access_key(), "AK");
/// assert_eq!(verify(&request, "other"), Err(SignError::SignatureMismatch));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify<B: AsRef<[u8]>>(
    request: &Request<B>,
    secret_key: &str,
) -> Result<Authorization, SignError> {
    let authorization = Authorization::from_request(request)?;
    authorization.verify(request, secret_key)?;
    Ok(authorization)
}

// ----- building blocks -----

/// Whether `access_key` can stand in `Authorization` and be read back as it is.
///
/// The SDK signs any non-empty access key; what is refused here is only what
/// would break the header: `Access=AK, SignedHeaders=...` (V11:
/// `Credential=AK/yyyymmdd/region/service, ...`) is read as `,`-separated parts,
/// each split at its first `=`, and trimmed. So the key must be printable ASCII
/// (space included: no control character, no byte a header value cannot carry
/// as text), without `,`, without a space at either end, and for V11 without
/// `/`. Inner spaces, `=`, `+` and the rest are kept and signed as they are.
fn check_access_key(access_key: &str, derived: bool) -> Result<(), SignError> {
    let printable = printable_without(
        access_key.as_bytes(),
        b' ',
        [b',', if derived { b'/' } else { b',' }],
    );
    if access_key.is_empty()
        || !printable
        || access_key.starts_with(' ')
        || access_key.ends_with(' ')
    {
        return Err(SignError::InvalidAccessKey);
    }
    Ok(())
}

/// The `X-Security-Token` value for a security token (trimmed, as it is
/// signed), marked sensitive so that it never shows in `Debug`; shared with
/// the unsigned requests `AkSk` sends with a token.
pub(crate) fn security_token_value(token: &str) -> Result<HeaderValue, SignError> {
    let mut value = HeaderValue::from_str(trim(token))
        .map_err(|_| SignError::InvalidHeaderValue(SECURITY_TOKEN_HEADER))?;
    value.set_sensitive(true);
    Ok(value)
}

/// Python's `str.strip()` for the characters a header value can hold.
fn trim(value: &str) -> &str {
    value.trim()
}

fn header_value(name: &HeaderName, text: &str) -> Result<HeaderValue, SignError> {
    HeaderValue::from_str(text).map_err(|_| SignError::InvalidHeaderValue(name.clone()))
}

fn header_str<'h>(name: &HeaderName, value: &'h HeaderValue) -> Result<&'h str, SignError> {
    std::str::from_utf8(value.as_bytes()).map_err(|_| SignError::InvalidHeaderValue(name.clone()))
}

/// The trimmed value of a header that [`sign`] signs, as bytes. A value of ASCII bytes only
/// (what nearly every header holds) is UTF-8 as it is and can hold no white space but spaces
/// and tabs (`http` refuses the other control characters), so it is trimmed as bytes, as
/// `str::trim` would; any other is checked as UTF-8 and trimmed as text.
fn signed_value<'h>(name: &HeaderName, value: &'h HeaderValue) -> Result<&'h [u8], SignError> {
    let bytes = value.as_bytes();
    if bytes.is_ascii() {
        Ok(bytes.trim_ascii())
    } else {
        Ok(trim(header_str(name, value)?).as_bytes())
    }
}

/// The one value of a header to be signed, trimmed.
fn single_value<'h>(headers: &'h HeaderMap, name: &HeaderName) -> Result<&'h str, SignError> {
    let mut values = headers.get_all(name).iter();
    let value = values
        .next()
        .ok_or_else(|| SignError::MissingSignedHeader(name.as_str().to_owned()))?;
    if values.next().is_some() {
        return Err(SignError::RepeatedHeader(name.clone()));
    }
    Ok(trim(header_str(name, value)?))
}

fn content_hash_value<'h>(
    headers: &'h HeaderMap,
    algorithm: &Algorithm,
) -> Result<Option<&'h str>, SignError> {
    let name = HeaderName::from_static(algorithm.content_hash_header());
    match headers.get(&name) {
        Some(value) => {
            let value = trim(header_str(&name, value)?);
            Ok((!value.is_empty()).then_some(value))
        }
        None => Ok(None),
    }
}

/// Whether a header name holds `_` (such a header is not signed): eight bytes at a time,
/// the last eight overlapping the others when the length is not a multiple of eight.
#[inline]
fn has_underscore(name: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const UNDERSCORES: u64 = u64::from_ne_bytes([b'_'; 8]);
    // A zero byte in `x` is a `_` in the name; this finds whether there is one.
    let any = |word: &[u8; 8]| {
        let x = u64::from_ne_bytes(*word) ^ UNDERSCORES;
        x.wrapping_sub(ONES) & !x & HIGH != 0
    };
    let Some(last) = name.last_chunk::<8>() else {
        return name.contains(&b'_');
    };
    let (chunks, _) = name.as_chunks::<8>();
    chunks
        .iter()
        .fold(any(last), |found, word| found | any(word))
}

/// Whether a value may have white space to trim at either end. Unicode white space starts
/// with a byte of 0x80 or more (and ends with one), so a value whose ends are ASCII and not
/// white space has nothing to trim.
#[inline]
fn may_need_trim(bytes: &[u8]) -> bool {
    let untrimmed = |b: &u8| b.is_ascii_whitespace() || *b == 0x0B || !b.is_ascii();
    bytes.first().is_some_and(untrimmed) || bytes.last().is_some_and(untrimmed)
}

fn trim_values(headers: &mut HeaderMap) {
    for value in headers.values_mut() {
        let bytes = value.as_bytes();
        if !may_need_trim(bytes) {
            continue;
        }
        let trimmed = match std::str::from_utf8(bytes) {
            Ok(text) => text.trim().as_bytes(),
            Err(_) => bytes.trim_ascii(),
        };
        if trimmed.len() != bytes.len()
            && let Ok(mut new) = HeaderValue::from_bytes(trimmed)
        {
            new.set_sensitive(value.is_sensitive());
            *value = new;
        }
    }
}

/// A header to be signed: lower-case name and trimmed value, with the name's first 8 bytes
/// as a big-endian number, so that sorting by name compares one integer where it can.
#[derive(Clone, Copy)]
struct Signed<'a> {
    prefix: u64,
    name: &'a [u8],
    value: &'a [u8],
}

impl<'a> Signed<'a> {
    const EMPTY: Signed<'static> = Signed {
        prefix: 0,
        name: b"",
        value: b"",
    };

    #[inline]
    fn new(name: &'a [u8], value: &'a [u8]) -> Self {
        let prefix = match name.first_chunk::<8>() {
            Some(first) => u64::from_be_bytes(*first),
            // A shorter name is padded with zero bytes, which no header name holds, so it
            // sorts before the longer names it starts. Shifted in byte by byte: no call to
            // copy a few bytes.
            None => name
                .iter()
                .enumerate()
                .fold(0, |prefix, (i, &b)| prefix | u64::from(b) << (56 - 8 * i)),
        };
        Signed {
            prefix,
            name,
            value,
        }
    }

    /// Byte order of the names.
    fn order(&self, other: &Self) -> std::cmp::Ordering {
        self.prefix
            .cmp(&other.prefix)
            .then_with(|| self.name.cmp(other.name))
    }

    fn same_name(&self, other: &Self) -> bool {
        self.prefix == other.prefix && self.name == other.name
    }
}

/// The last line of the canonical request.
enum Payload<'a> {
    /// The empty-body hash, or the value of the payload-hash header.
    Text(&'a [u8]),
    /// The digest of the body.
    Digest([u8; 32]),
}

/// Where [`write_canonical_request`] put the canonical query and the signed-header list.
struct Written {
    query: Span,
    signed_headers: Span,
}

/// Appends the canonical request to `out`, the canonical query computed from the raw `query`.
fn write_canonical_request(
    out: &mut Vec<u8>,
    method: &Method,
    path: &str,
    query: &str,
    headers: &[Signed<'_>],
    payload: &Payload<'_>,
) -> Written {
    let start = out.len();
    out.extend_from_slice(method.as_str().as_bytes());
    out[start..].make_ascii_uppercase();
    out.push(b'\n');
    write_canonical_uri(out, path);
    out.push(b'\n');
    let start = out.len();
    write_canonical_query(out, query);
    let query = Span(start, out.len());
    out.push(b'\n');
    // The rest has a known length: the buffer is sized once and filled by
    // offsets, short pieces copied without a call (see `put`).
    let names: usize = headers.iter().map(|header| header.name.len()).sum();
    let values: usize = headers.iter().map(|header| header.value.len()).sum();
    let payload: &[u8] = match payload {
        Payload::Text(text) => text,
        Payload::Digest(digest) => &hex_bytes(digest),
    };
    let lines = names + values + 2 * headers.len() + usize::from(headers.is_empty()) + 1;
    let list = names + headers.len().saturating_sub(1);
    let mut at = out.len();
    out.resize(at + lines + list + 1 + payload.len(), 0);
    let buf = &mut out[..];
    // One pass writes each header's line and its name in the list after the
    // lines (each name followed by `;`, the last `;` then replaced by `\n`).
    let start = at + lines;
    let mut item = start;
    for header in headers {
        at = put(buf, at, header.name);
        buf[at] = b':';
        at = put(buf, at + 1, header.value);
        buf[at] = b'\n';
        at += 1;
        item = put(buf, item, header.name);
        buf[item] = b';';
        item += 1;
    }
    if headers.is_empty() {
        buf[at] = b'\n';
        at += 1;
    }
    buf[at] = b'\n';
    let at = item - usize::from(!headers.is_empty());
    let signed_headers = Span(start, at);
    buf[at] = b'\n';
    put(buf, at + 1, payload);
    Written {
        query,
        signed_headers,
    }
}

/// Copies `src` into `buf` at `at` and returns the offset after it. Pieces of 4 to 32 bytes
/// (most names and values) are copied as two overlapping fixed-size copies, which compile to
/// a few moves rather than a call to `memcpy`.
#[inline(always)]
fn put(buf: &mut [u8], at: usize, src: &[u8]) -> usize {
    let n = src.len();
    let dst = &mut buf[at..at + n];
    if let (Some(head), Some(tail)) = (src.first_chunk::<16>(), src.last_chunk::<16>()) {
        if n <= 32 {
            *dst.first_chunk_mut::<16>().unwrap_or(&mut [0; 16]) = *head;
            *dst.last_chunk_mut::<16>().unwrap_or(&mut [0; 16]) = *tail;
        } else {
            dst.copy_from_slice(src);
        }
    } else if let (Some(head), Some(tail)) = (src.first_chunk::<8>(), src.last_chunk::<8>()) {
        *dst.first_chunk_mut::<8>().unwrap_or(&mut [0; 8]) = *head;
        *dst.last_chunk_mut::<8>().unwrap_or(&mut [0; 8]) = *tail;
    } else if let (Some(head), Some(tail)) = (src.first_chunk::<4>(), src.last_chunk::<4>()) {
        *dst.first_chunk_mut::<4>().unwrap_or(&mut [0; 4]) = *head;
        *dst.last_chunk_mut::<4>().unwrap_or(&mut [0; 4]) = *tail;
    } else {
        dst.copy_from_slice(src);
    }
    at + n
}

/// [`crate::percent::is_unreserved`] as a table: one load per byte.
static UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~');
        b += 1;
    }
    table
};

/// Whether every byte of `bytes` is unreserved or `also` (checked without an early exit).
fn all_unreserved_or(bytes: &[u8], also: u8) -> bool {
    bytes.iter().fold(true, |ok, &b| {
        ok & (UNRESERVED[usize::from(b)] | (b == also))
    })
}

fn write_canonical_uri(out: &mut Vec<u8>, path: &str) {
    if all_unreserved_or(path.as_bytes(), b'/') {
        // Nothing to decode nor to encode: the path is its canonical form.
        out.extend_from_slice(path.as_bytes());
        if !out.ends_with(b"/") {
            out.push(b'/');
        }
        return;
    }
    let decoded = percent_decode(path.as_bytes());
    for (i, segment) in decoded.split(|&b| b == b'/').enumerate() {
        if i > 0 {
            out.push(b'/');
        }
        percent_encode(out, segment);
    }
    if !out.ends_with(b"/") {
        out.push(b'/');
    }
}

/// Appends `bytes` percent-encoded by the SDKs' rule ([`crate::percent`]) to a byte buffer:
/// runs of unreserved bytes copied as they are, every other byte as `%XY`.
fn percent_encode(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
    let mut rest = bytes;
    while !rest.is_empty() {
        let run = rest
            .iter()
            .position(|&b| !UNRESERVED[usize::from(b)])
            .unwrap_or(rest.len());
        out.extend_from_slice(&rest[..run]);
        let Some((&b, tail)) = rest[run..].split_first() else {
            break;
        };
        out.extend_from_slice(&[
            b'%',
            HEX_UPPER[usize::from(b >> 4)],
            HEX_UPPER[usize::from(b & 15)],
        ]);
        rest = tail;
    }
}

/// Text the signer wrote into a byte buffer: ASCII, and header values checked as UTF-8, so
/// the check does not fail (and would give a lossy copy if it did).
fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

fn build_string_to_sign(
    algorithm: &Algorithm,
    sdk_date: &str,
    scope: Option<&str>,
    canonical_request: &[u8],
) -> Vec<u8> {
    let digest = algorithm.digest(canonical_request);
    let mut out = Vec::with_capacity(128);
    out.extend_from_slice(algorithm.name().as_bytes());
    out.push(b'\n');
    out.extend_from_slice(sdk_date.as_bytes());
    out.push(b'\n');
    if let Some(scope) = scope {
        out.extend_from_slice(scope.as_bytes());
        out.push(b'\n');
    }
    push_hex(&mut out, &digest);
    out
}

/// The V11 signing key: hex text of HKDF-SHA256(salt = AK, IKM = SK, info = scope), 32 bytes.
fn derived_key(access_key: &str, secret_key: &str, scope: &[u8]) -> [u8; 64] {
    let hkdf = hkdf::Hkdf::<Sha256>::new(Some(access_key.as_bytes()), secret_key.as_bytes());
    let mut okm = [0u8; 32];
    // 32 bytes is far below HKDF-SHA256's limit of 255 * 32.
    let _ = hkdf.expand(scope, &mut okm);
    hex_bytes(&okm)
}

/// HMAC-SHA256 of `data` keyed with `key`. HMAC accepts keys of any length: `None` does not
/// happen.
fn hmac_sha256(key: &[u8], data: &[u8]) -> Option<[u8; 32]> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).ok()?;
    mac.update(data);
    Some(mac.finalize().into_bytes().into())
}

/// An HMAC keyed and ready for the string to sign. Cloning one copies its state (no
/// allocation), so a keyed state can be kept and reused.
#[derive(Clone)]
enum KeyedMac {
    Sha256(Hmac<Sha256>),
    Sm3(Hmac<Sm3>),
}

impl KeyedMac {
    /// HMAC accepts keys of any length: `None` does not happen.
    fn new(sm3: bool, key: &[u8]) -> Option<KeyedMac> {
        Some(if sm3 {
            KeyedMac::Sm3(<Hmac<Sm3> as KeyInit>::new_from_slice(key).ok()?)
        } else {
            KeyedMac::Sha256(<Hmac<Sha256> as KeyInit>::new_from_slice(key).ok()?)
        })
    }

    fn sign(self, data: &[u8]) -> [u8; 32] {
        match self {
            KeyedMac::Sha256(mut mac) => {
                mac.update(data);
                mac.finalize().into_bytes().into()
            }
            KeyedMac::Sm3(mut mac) => {
                mac.update(data);
                mac.finalize().into_bytes().into()
            }
        }
    }

    fn verify(self, data: &[u8], expected: &[u8]) -> bool {
        match self {
            KeyedMac::Sha256(mut mac) => {
                mac.update(data);
                mac.verify_slice(expected).is_ok()
            }
            KeyedMac::Sm3(mut mac) => {
                mac.update(data);
                mac.verify_slice(expected).is_ok()
            }
        }
    }
}

/// The keyed HMAC of an algorithm: keyed with the secret key, or for V11 with the key derived
/// for `scope`. The V11 and SM3 ones come from [`KEY_CACHE`].
fn keyed_mac(
    algorithm: &Algorithm,
    access_key: &str,
    secret_key: &str,
    scope: Option<&[u8]>,
) -> Option<KeyedMac> {
    match algorithm {
        Algorithm::HmacSha256 => KeyedMac::new(false, secret_key.as_bytes()),
        Algorithm::HmacSm3 => cached_mac(true, access_key, secret_key, b"", || {
            KeyedMac::new(true, secret_key.as_bytes())
        }),
        Algorithm::DerivedHmacSha256 { .. } => {
            let scope = scope.unwrap_or_default();
            cached_mac(false, access_key, secret_key, scope, || {
                KeyedMac::new(false, &derived_key(access_key, secret_key, scope))
            })
        }
    }
}

/// Keyed HMAC states of recent V11 (access key, secret key, scope) and SM3 (access key,
/// secret key) credentials, so that the HKDF derivation (V11) and the HMAC key schedule (SM3,
/// two SM3 blocks) run once per key and day instead of once per request. `SDK-HMAC-SHA256`
/// keys are not cached: their key schedule costs less than the look-up.
///
/// Bounded ([`KEY_CACHE_CAPACITY`] entries, the oldest dropped first), shared by all threads
/// behind a mutex that is held for a linear scan and a copy. An entry is found by access key,
/// scope and the SHA-256 of the secret key (the secret itself is not kept), so a rotated secret
/// misses.
static KEY_CACHE: Mutex<Vec<CachedKey>> = Mutex::new(Vec::new());

/// How many keyed states [`KEY_CACHE`] keeps.
const KEY_CACHE_CAPACITY: usize = 32;

struct CachedKey {
    access_key: Box<str>,
    secret_fingerprint: [u8; 32],
    scope: Box<[u8]>,
    sm3: bool,
    mac: KeyedMac,
}

fn cached_mac(
    sm3: bool,
    access_key: &str,
    secret_key: &str,
    scope: &[u8],
    make: impl FnOnce() -> Option<KeyedMac>,
) -> Option<KeyedMac> {
    let fingerprint: [u8; 32] = Sha256::digest(secret_key.as_bytes()).into();
    let lock = || KEY_CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    let found = lock()
        .iter()
        .find(|entry| {
            entry.sm3 == sm3
                && entry.secret_fingerprint == fingerprint
                && *entry.access_key == *access_key
                && *entry.scope == *scope
        })
        .map(|entry| entry.mac.clone());
    if found.is_some() {
        return found;
    }
    let mac = make()?;
    let mut cache = lock();
    if cache.len() >= KEY_CACHE_CAPACITY {
        cache.remove(0);
    }
    cache.push(CachedKey {
        access_key: access_key.into(),
        secret_fingerprint: fingerprint,
        scope: scope.into(),
        sm3,
        mac: mac.clone(),
    });
    Some(mac)
}

/// Replaces the query of `uri` with `query` (none when empty); `None` when already so.
fn with_query(uri: &Uri, query: &[u8]) -> Result<Option<Uri>, SignError> {
    let unchanged = match uri.query() {
        None => query.is_empty(),
        Some(current) => !query.is_empty() && current.as_bytes() == query,
    };
    if unchanged {
        return Ok(None);
    }
    let path = uri.path();
    let path_and_query = if query.is_empty() {
        PathAndQuery::try_from(path)
    } else {
        let mut text = Vec::with_capacity(path.len() + 1 + query.len());
        text.extend_from_slice(path.as_bytes());
        text.push(b'?');
        text.extend_from_slice(query);
        PathAndQuery::try_from(text)
    }
    .map_err(|_| SignError::InvalidUri)?;
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(path_and_query);
    Uri::from_parts(parts)
        .map(Some)
        .map_err(|_| SignError::InvalidUri)
}

fn hex(bytes: &[u8; 32]) -> String {
    into_string(hex_bytes(bytes).to_vec())
}

/// Lower-case hex of 32 bytes. Arithmetic rather than a table look-up, in fixed-size
/// loops without bounds checks: the compiler turns it into a few vector instructions
/// (about 4 ns against 40 ns for the look-up on the development machine).
fn hex_bytes(bytes: &[u8; 32]) -> [u8; 64] {
    let digit = |n: u8| n + b'0' + u8::from(n > 9) * (b'a' - b'0' - 10);
    let mut out = [0u8; 64];
    for i in 0..32 {
        out[2 * i] = digit(bytes[i] >> 4);
        out[2 * i + 1] = digit(bytes[i] & 15);
    }
    out
}

fn push_hex(out: &mut Vec<u8>, bytes: &[u8; 32]) {
    out.extend_from_slice(&hex_bytes(bytes));
}

fn hex_decode_32(text: &str) -> Option<[u8; 32]> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        out[i] = (hex_value(pair[0])? << 4) | hex_value(pair[1])?;
    }
    Some(out)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes `%XX` escapes (either case); a `%` not followed by two hex digits stays as it is.
fn percent_decode(bytes: &[u8]) -> Cow<'_, [u8]> {
    if !bytes.contains(&b'%') {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(hi), Some(lo)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2]))
        {
            out.push((hi << 4) | lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Cow::Owned(out)
}

/// Parses `YYYYMMDDTHHMMSSZ` (UTC) strictly.
fn parse_sdk_date(text: &str) -> Result<SystemTime, SignError> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return Err(SignError::InvalidDate);
    }
    let num = |range: std::ops::Range<usize>| -> Result<u64, SignError> {
        b[range].iter().try_fold(0u64, |acc, &d| {
            if d.is_ascii_digit() {
                Ok(acc * 10 + u64::from(d - b'0'))
            } else {
                Err(SignError::InvalidDate)
            }
        })
    };
    let (year, month, day) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hour, minute, second) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if year < 1970
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return Err(SignError::InvalidDate);
    }
    super::time::from_utc(
        year as i16,
        month as i8,
        day as i8,
        hour as i8,
        minute as i8,
        second as i8,
    )
    .ok_or(SignError::InvalidDate)
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const AK: &str = "HPUAEXAMPLEAK";
    const SK: &str = "example-secret-key";

    fn at_2026() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_795_926_258) // 20261129T042418Z
    }

    fn signed(algorithm: &Algorithm) -> Request<Vec<u8>> {
        let mut request = Request::post("https://ecs.example.com/v1/p/servers?b=2&a=1&a=0")
            .header("Content-Type", "application/json")
            .header("X-Project-Id", "p")
            .body(br#"{"name":"vm-1"}"#.to_vec())
            .unwrap();
        sign(&mut request, algorithm, &SigningKey::new(AK, SK), at_2026()).unwrap();
        request
    }

    fn all_algorithms() -> [Algorithm; 3] {
        [
            Algorithm::HmacSha256,
            Algorithm::derived("cn-north-4", "ecs"),
            Algorithm::HmacSm3,
        ]
    }

    #[test]
    fn canonical_uri_rules() {
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/v1/items"), "/v1/items/");
        assert_eq!(canonical_uri("/v1/items/"), "/v1/items/");
        assert_eq!(canonical_uri("/v1//items"), "/v1//items/");
        assert_eq!(canonical_uri("/a%2Fb"), "/a/b/");
        assert_eq!(canonical_uri("/a%2fb/"), "/a/b/");
        assert_eq!(canonical_uri("/%7Euser/%41"), "/~user/A/");
        assert_eq!(canonical_uri("/a b+c"), "/a%20b%2Bc/");
        assert_eq!(
            canonical_uri("/!*'();:@&=$,"),
            "/%21%2A%27%28%29%3B%3A%40%26%3D%24%2C/"
        );
        assert_eq!(canonical_uri("/镜像"), "/%E9%95%9C%E5%83%8F/");
        assert_eq!(canonical_uri("/100%"), "/100%25/");
        assert_eq!(canonical_uri("/%zz"), "/%25zz/");
        // Escapes of invalid UTF-8 stay bytes.
        assert_eq!(canonical_uri("/%ff"), "/%FF/");
    }

    #[test]
    fn canonical_query_rules() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(canonical_query("&&"), "");
        assert_eq!(canonical_query("b=2&a=1"), "a=1&b=2");
        // Values of a repeated key are sorted too.
        assert_eq!(canonical_query("k=b&k=a&k=B"), "k=B&k=a&k=b");
        // Keys without values, empty values, an empty key.
        assert_eq!(canonical_query("flag&a=&=v"), "=v&a=&flag=");
        // Sorted by decoded text, not by the encoded text.
        assert_eq!(canonical_query("%C3%A9=1&~=2"), "~=2&%C3%A9=1");
        assert_eq!(canonical_query("k=%20&k=%25&k=~"), "k=%20&k=%25&k=~");
        // `+` is a literal plus; `=` after the first belongs to the value.
        assert_eq!(canonical_query("q=a+b&e=x=y"), "e=x%3Dy&q=a%2Bb");
        assert_eq!(
            canonical_query("q=%c3%a9&r=%zz&s=%"),
            "q=%C3%A9&r=%25zz&s=%25"
        );
        assert_eq!(
            canonical_query("q=!*'();:@$,/?[]"),
            "q=%21%2A%27%28%29%3B%3A%40%24%2C%2F%3F%5B%5D"
        );
    }

    #[test]
    fn canonical_header_rules() {
        let request = Request::get("http://example.com/")
            .header("Host", "example.com")
            .header("X-Sdk-Date", "20261129T042418Z")
            .header("X-MiXeD", "  inner   space\t")
            .header("X_Underscore", "ignored")
            .header("X-Nbsp", "\u{a0}v\u{a0}")
            .body(Vec::new())
            .unwrap();
        let names = signed_headers(&request);
        assert_eq!(names, ["host", "x-mixed", "x-nbsp", "x-sdk-date"]);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let canonical = canonical_request(&request, &Algorithm::HmacSha256, &names).unwrap();
        assert_eq!(
            canonical,
            "GET\n/\n\nhost:example.com\nx-mixed:inner   space\nx-nbsp:v\n\
             x-sdk-date:20261129T042418Z\n\nhost;x-mixed;x-nbsp;x-sdk-date\n{EMPTY_SHA256}"
                .replace("{EMPTY_SHA256}", EMPTY_SHA256)
        );
        // An empty list still has the empty canonical-headers block.
        let canonical = canonical_request(&request, &Algorithm::HmacSha256, &[]).unwrap();
        assert_eq!(canonical, format!("GET\n/\n\n\n\n\n{EMPTY_SHA256}"));
    }

    #[test]
    fn sign_adds_the_sdk_headers_and_rewrites_the_query() {
        let request = signed(&Algorithm::HmacSha256);
        let headers = request.headers();
        assert_eq!(headers["x-sdk-date"], "20261129T042418Z");
        assert_eq!(headers["host"], "ecs.example.com");
        assert!(!headers.contains_key(X_SDK_CONTENT_SHA256));
        assert_eq!(request.uri().query(), Some("a=0&a=1&b=2"));
        assert!(headers["authorization"].is_sensitive());
    }

    #[test]
    fn sign_unsigned_payload_rules() {
        for (content_type, unsigned) in [
            ("application/json", false),
            ("application/json;charset=UTF-8", false),
            ("application/bson", false),
            ("application/json-patch+json", false),
            ("", false),
            ("text/plain", true),
            ("application/octet-stream", true),
            ("multipart/form-data; boundary=x", true),
            ("APPLICATION/JSON", true),
            (" application/json", true),
        ] {
            let mut request = Request::put("http://h/o")
                .header("Content-Type", content_type)
                .body(b"data".to_vec())
                .unwrap();
            let signature = sign(
                &mut request,
                &Algorithm::HmacSha256,
                &SigningKey::new(AK, SK),
                at_2026(),
            )
            .unwrap();
            assert_eq!(
                request.headers().get(X_SDK_CONTENT_SHA256).is_some(),
                unsigned,
                "{content_type:?}"
            );
            assert_eq!(
                signature
                    .canonical_request()
                    .ends_with("\nUNSIGNED-PAYLOAD"),
                unsigned,
                "{content_type:?}"
            );
        }
        // SM3 uses its own header name; an empty body still hashes as empty.
        let mut request = Request::put("http://h/o")
            .header("Content-Type", "text/plain")
            .body(Vec::new())
            .unwrap();
        let signature = sign(
            &mut request,
            &Algorithm::HmacSm3,
            &SigningKey::new(AK, SK),
            at_2026(),
        )
        .unwrap();
        assert_eq!(request.headers()[X_SDK_CONTENT_SM3], UNSIGNED_PAYLOAD);
        assert!(signature.canonical_request().ends_with(EMPTY_SM3));
    }

    #[test]
    fn caller_headers_win_and_authorization_is_replaced() {
        let mut request = Request::get("https://example.com:8443/x?")
            .header("host", "gateway.example")
            .header("X-Sdk-Date", " 20250101T000000Z ")
            .header("Authorization", "stale")
            .body(Vec::<u8>::new())
            .unwrap();
        let signature = sign(
            &mut request,
            &Algorithm::HmacSha256,
            &SigningKey::new(AK, SK),
            at_2026(),
        )
        .unwrap();
        assert_eq!(request.headers()["host"], "gateway.example");
        assert_eq!(request.headers()["x-sdk-date"], "20250101T000000Z");
        assert_eq!(signature.signed_headers(), "host;x-sdk-date");
        assert!(signature.string_to_sign().contains("\n20250101T000000Z\n"));
        assert_eq!(request.uri().to_string(), "https://example.com:8443/x");
        verify(&request, SK).unwrap();
    }

    #[test]
    fn host_keeps_written_ports_and_drops_userinfo() {
        for (uri, host) in [
            ("https://example.com:443/", "example.com:443"),
            ("http://example.com:8080/", "example.com:8080"),
            ("http://user:pw@example.com/", "example.com"),
            ("http://[::1]:9/", "[::1]:9"),
        ] {
            let mut request = Request::get(uri).body(Vec::<u8>::new()).unwrap();
            sign(
                &mut request,
                &Algorithm::HmacSha256,
                &SigningKey::new(AK, SK),
                at_2026(),
            )
            .unwrap();
            assert_eq!(request.headers()["host"], host);
        }
    }

    #[test]
    fn security_token_is_sent_signed_and_sensitive() {
        let mut request = Request::get("https://example.com/")
            .header("X-Security-Token", "old")
            .body(Vec::<u8>::new())
            .unwrap();
        let key = SigningKey::new(AK, SK).with_security_token("token-1");
        let signature = sign(&mut request, &Algorithm::HmacSha256, &key, at_2026()).unwrap();
        assert_eq!(request.headers()[X_SECURITY_TOKEN], "token-1");
        assert!(request.headers()[X_SECURITY_TOKEN].is_sensitive());
        assert!(signature.signed_headers().contains("x-security-token"));
        assert!(!format!("{signature:?}").contains("token-1"));
    }

    #[test]
    fn errors_leave_the_request_unchanged() {
        let cases: Vec<(Request<Vec<u8>>, Algorithm, SigningKey<'_>, SignError)> = vec![
            (
                Request::get("/x").body(Vec::new()).unwrap(),
                Algorithm::HmacSha256,
                SigningKey::new(AK, SK),
                SignError::MissingHost,
            ),
            (
                Request::get("http://h/x?b=1&a=2")
                    .header("X-Sdk-Date", "2026-11-29")
                    .body(Vec::new())
                    .unwrap(),
                Algorithm::HmacSha256,
                SigningKey::new(AK, SK),
                SignError::InvalidDate,
            ),
            (
                Request::get("http://h/x")
                    .header(
                        "X-Sdk-Date",
                        HeaderValue::from_bytes(b"20261129T04\xe9").unwrap(),
                    )
                    .body(Vec::new())
                    .unwrap(),
                Algorithm::HmacSha256,
                SigningKey::new(AK, SK),
                SignError::InvalidDate,
            ),
            (
                Request::get("http://h/x?b=1&a=2")
                    .header("X-A", "1")
                    .header("X-A", "2")
                    .body(Vec::new())
                    .unwrap(),
                Algorithm::HmacSha256,
                SigningKey::new(AK, SK),
                SignError::RepeatedHeader(HeaderName::from_static("x-a")),
            ),
            (
                Request::get("http://h/x?b=1&a=2")
                    .header("X-Latin1", HeaderValue::from_bytes(b"caf\xe9").unwrap())
                    .body(Vec::new())
                    .unwrap(),
                Algorithm::HmacSha256,
                SigningKey::new(AK, SK),
                SignError::InvalidHeaderValue(HeaderName::from_static("x-latin1")),
            ),
            (
                Request::get("http://h/x?b=1&a=2").body(Vec::new()).unwrap(),
                Algorithm::derived("", "ecs"),
                SigningKey::new(AK, SK),
                SignError::InvalidScope,
            ),
            (
                Request::get("http://h/").body(Vec::new()).unwrap(),
                Algorithm::HmacSha256,
                SigningKey::new("", SK),
                SignError::InvalidAccessKey,
            ),
            (
                Request::get("http://h/").body(Vec::new()).unwrap(),
                Algorithm::HmacSha256,
                SigningKey::new("AK, SignedHeaders=host", SK),
                SignError::InvalidAccessKey,
            ),
            (
                Request::get("http://h/").body(Vec::new()).unwrap(),
                Algorithm::HmacSha256,
                SigningKey::new(AK, ""),
                SignError::EmptySecretKey,
            ),
            (
                Request::get("http://h/").body(Vec::new()).unwrap(),
                Algorithm::HmacSha256,
                SigningKey::new(AK, SK).with_security_token("bad\ntoken"),
                SignError::InvalidHeaderValue(HeaderName::from_static(X_SECURITY_TOKEN)),
            ),
        ];
        for (mut request, algorithm, key, want) in cases {
            let before = (request.uri().clone(), request.headers().clone());
            let got = sign(&mut request, &algorithm, &key, at_2026()).unwrap_err();
            assert_eq!(got, want);
            assert_eq!((request.uri().clone(), request.headers().clone()), before);
        }
        let mut request = Request::get("http://h/").body(Vec::<u8>::new()).unwrap();
        let early = UNIX_EPOCH - Duration::from_secs(1);
        assert_eq!(
            sign(
                &mut request,
                &Algorithm::HmacSha256,
                &SigningKey::new(AK, SK),
                early
            ),
            Err(SignError::TimeOutOfRange)
        );
    }

    #[test]
    fn access_keys_are_refused_only_where_the_header_would_break() {
        let derived = Algorithm::derived("cn-north-4", "ecs");
        for ak in ["HPUA EXAMPLE AK01", "A  B", "A=B", "A+B/C", "A;B\"C'", "~"] {
            for algorithm in all_algorithms() {
                if ak.contains('/') && algorithm == derived {
                    continue;
                }
                let mut request = Request::get("http://h/x").body(Vec::new()).unwrap();
                let key = SigningKey::new(ak, SK);
                sign(&mut request, &algorithm, &key, at_2026()).unwrap();
                let auth = verify(&request, SK).unwrap();
                assert_eq!(auth.access_key(), ak, "{algorithm:?}");
            }
        }
        for ak in [
            "", " AK", "AK ", "A,B", "A\tB", "A\nB", "A\rB", "A\x7fB", "A\0B", "AKé", "Ａ",
        ] {
            for algorithm in all_algorithms() {
                let mut request = Request::get("http://h/x").body(Vec::new()).unwrap();
                let got = sign(
                    &mut request,
                    &algorithm,
                    &SigningKey::new(ak, SK),
                    at_2026(),
                );
                assert_eq!(got.unwrap_err(), SignError::InvalidAccessKey, "{ak:?}");
            }
        }
        let mut request = Request::get("http://h/x").body(Vec::new()).unwrap();
        let got = sign(
            &mut request,
            &derived,
            &SigningKey::new("A/B", SK),
            at_2026(),
        );
        assert_eq!(got.unwrap_err(), SignError::InvalidAccessKey);
        // A `Credential=` whose key would hold `/` does not parse as that key.
        let header = "V11-HMAC-SHA256 Credential=A/B/20261129/cn-north-4/ecs, SignedHeaders=host, Signature=00";
        assert!(header.parse::<Authorization>().is_err());
        let header = "SDK-HMAC-SHA256 Access=A/B C, SignedHeaders=host, Signature=00";
        assert_eq!(
            header.parse::<Authorization>().unwrap().access_key(),
            "A/B C"
        );
    }

    #[test]
    fn verify_accepts_every_algorithm_and_reordered_pairs() {
        for algorithm in all_algorithms() {
            let mut request = signed(&algorithm);
            let authorization = verify(&request, SK).unwrap();
            assert_eq!(authorization.access_key(), AK);
            assert_eq!(authorization.algorithm(), &algorithm);
            // The order of pairs on the wire does not change the canonical query.
            *request.uri_mut() = "https://ecs.example.com/v1/p/servers?a=1&b=2&a=0"
                .parse()
                .unwrap();
            verify(&request, SK).unwrap();
        }
    }

    #[test]
    fn verify_rejects_a_tampered_body() {
        for algorithm in all_algorithms() {
            let mut request = signed(&algorithm);
            *request.body_mut() = br#"{"name":"vm-2"}"#.to_vec();
            assert_eq!(verify(&request, SK), Err(SignError::SignatureMismatch));
        }
    }

    #[test]
    fn verify_rejects_a_changed_signed_header() {
        for algorithm in all_algorithms() {
            let mut request = signed(&algorithm);
            request
                .headers_mut()
                .insert("x-project-id", HeaderValue::from_static("q"));
            assert_eq!(verify(&request, SK), Err(SignError::SignatureMismatch));
            let mut request = signed(&algorithm);
            request.headers_mut().remove("x-project-id");
            assert_eq!(
                verify(&request, SK),
                Err(SignError::MissingSignedHeader("x-project-id".into()))
            );
            // An unsigned header may change.
            let mut request = signed(&algorithm);
            request
                .headers_mut()
                .insert("x_trace", HeaderValue::from_static("1"));
            verify(&request, SK).unwrap();
        }
    }

    #[test]
    fn verify_rejects_a_query_whose_canonical_form_changed() {
        for algorithm in all_algorithms() {
            let mut request = signed(&algorithm);
            // Same keys and values, paired differently.
            *request.uri_mut() = "https://ecs.example.com/v1/p/servers?a=2&b=1&a=0"
                .parse()
                .unwrap();
            assert_eq!(verify(&request, SK), Err(SignError::SignatureMismatch));
        }
    }

    #[test]
    fn verify_rejects_a_wrong_key_and_a_shifted_date() {
        for algorithm in all_algorithms() {
            let request = signed(&algorithm);
            assert_eq!(
                verify(&request, "other-key"),
                Err(SignError::SignatureMismatch)
            );
            let mut request = signed(&algorithm);
            request
                .headers_mut()
                .insert(X_SDK_DATE, HeaderValue::from_static("20261129T042419Z"));
            assert_eq!(verify(&request, SK), Err(SignError::SignatureMismatch));
        }
    }

    #[test]
    fn verify_checks_the_payload_hash_header() {
        let mut request = Request::post("http://h/o")
            .header("Content-Type", "application/json")
            .header(X_SDK_CONTENT_SHA256, "0".repeat(64))
            .body(b"{}".to_vec())
            .unwrap();
        sign(
            &mut request,
            &Algorithm::HmacSha256,
            &SigningKey::new(AK, SK),
            at_2026(),
        )
        .unwrap();
        assert_eq!(verify(&request, SK), Err(SignError::BodyHashMismatch));
        // UNSIGNED-PAYLOAD leaves the body out, by design.
        let mut request = Request::post("http://h/o")
            .header("Content-Type", "text/plain")
            .body(b"a".to_vec())
            .unwrap();
        sign(
            &mut request,
            &Algorithm::HmacSha256,
            &SigningKey::new(AK, SK),
            at_2026(),
        )
        .unwrap();
        *request.body_mut() = b"b".to_vec();
        verify(&request, SK).unwrap();
    }

    #[test]
    fn verify_reports_missing_pieces() {
        let request = Request::get("http://h/").body(Vec::<u8>::new()).unwrap();
        assert_eq!(verify(&request, SK), Err(SignError::MissingAuthorization));
        let mut request = signed(&Algorithm::HmacSha256);
        request.headers_mut().remove(X_SDK_DATE);
        assert_eq!(verify(&request, SK), Err(SignError::MissingDate));
        let mut request = signed(&Algorithm::derived("cn-north-4", "ecs"));
        request
            .headers_mut()
            .insert(X_SDK_DATE, HeaderValue::from_static("20261130T000000Z"));
        assert!(matches!(
            verify(&request, SK),
            Err(SignError::InvalidAuthorization(_))
        ));
    }

    #[test]
    fn authorization_parsing() {
        let auth: Authorization =
            "SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=abcd"
                .parse()
                .unwrap();
        assert_eq!(auth.algorithm(), &Algorithm::HmacSha256);
        assert_eq!(auth.access_key(), "AK1");
        assert_eq!(auth.credential_scope(), None);
        assert_eq!(auth.signed_headers(), ["host", "x-sdk-date"]);
        let auth: Authorization = "SDK-HMAC-SM3 Signature=ab,SignedHeaders=host,Access=AK1"
            .parse()
            .unwrap();
        assert_eq!(auth.algorithm(), &Algorithm::HmacSm3);
        assert!(!format!("{auth:?}").contains("ab\""));
        for bad in [
            "",
            "SDK-HMAC-SHA256",
            "HMAC-SHA1 Access=a, SignedHeaders=h, Signature=s",
            "SDK-HMAC-SHA256 Access=a, SignedHeaders=h",
            "SDK-HMAC-SHA256 Access=a, Access=b, SignedHeaders=h, Signature=s",
            "SDK-HMAC-SHA256 Credential=a/20261129/r/s, SignedHeaders=h, Signature=s",
            "V11-HMAC-SHA256 Access=a, SignedHeaders=h, Signature=s",
            "V11-HMAC-SHA256 Credential=a, SignedHeaders=h, Signature=s",
            "V11-HMAC-SHA256 Credential=a/2026112/r/s, SignedHeaders=h, Signature=s",
            "V11-HMAC-SHA256 Credential=a/20261129/r, SignedHeaders=h, Signature=s",
            "V11-HMAC-SHA256 Credential=a/20261129//s, SignedHeaders=h, Signature=s",
            "SDK-HMAC-SHA256 Access=, SignedHeaders=h, Signature=s",
            "SDK-HMAC-SHA256 Access=a, SignedHeaders=h, Signature=s, Extra=1",
        ] {
            assert!(
                matches!(
                    bad.parse::<Authorization>(),
                    Err(SignError::InvalidAuthorization(_))
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(format_sdk_date(UNIX_EPOCH).unwrap(), "19700101T000000Z");
        assert_eq!(format_sdk_date(at_2026()).unwrap(), "20261129T042418Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_868_799); // 2000-02-29T23:59:59Z
        assert_eq!(format_sdk_date(leap).unwrap(), "20000229T235959Z");
        assert_eq!(parse_sdk_date("20000229T235959Z").unwrap(), leap);
        assert_eq!(parse_sdk_date("20261129T042418Z").unwrap(), at_2026());
        for bad in [
            "20261129T042418",
            "20261129 042418Z",
            "2026112aT042418Z",
            "20261329T042418Z",
            "20260229T000000Z",
            "20261129T240000Z",
            "19691231T235959Z",
        ] {
            assert_eq!(parse_sdk_date(bad), Err(SignError::InvalidDate), "{bad}");
        }
        let far = UNIX_EPOCH + Duration::from_secs(253_402_300_800); // 10000-01-01
        assert_eq!(format_sdk_date(far), Err(SignError::TimeOutOfRange));
        let mut day = 0;
        while day < 200_000 {
            let time = UNIX_EPOCH + Duration::from_secs(day * 86_400 + 3_661);
            assert_eq!(
                parse_sdk_date(&format_sdk_date(time).unwrap()).unwrap(),
                time
            );
            day += 37;
        }
    }

    /// Every string of up to `len` pieces from `alphabet`.
    fn strings(alphabet: &[&str], len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |piece| format!("{s}{piece}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    /// The text with its first unreserved byte written as a percent-escape: the same
    /// decoded bytes, but no longer a text the shortcuts take. `None` for a text that has
    /// escapes already (a byte of one is not a byte of its own).
    fn escaped(text: &str) -> Option<String> {
        if text.contains('%') {
            return None;
        }
        let at = text.bytes().position(|b| UNRESERVED[usize::from(b)])?;
        Some(format!(
            "{}%{:02X}{}",
            &text[..at],
            text.as_bytes()[at],
            &text[at + 1..]
        ))
    }

    #[test]
    fn shortcuts_for_plain_paths_and_single_pairs_follow_the_general_rule() {
        // A path of unreserved bytes and `/` is copied as it is: what decoding, splitting
        // and encoding again (the rule the SDK vectors check) gives for the same path.
        let mut compared = 0;
        for path in strings(&["a", "/", "Z9", "-_.~"], 5) {
            if let Some(general) = escaped(&path) {
                assert_eq!(canonical_uri(&path), canonical_uri(&general), "{path:?}");
                compared += 1;
            }
        }
        assert_eq!(canonical_uri(""), "/");
        // A single pair with nothing to decode nor encode is its own canonical form, `=`
        // added when it has none: what the general rule gives for the same pair, reached
        // through an escape or through a second, empty part.
        for query in strings(&["a", "=", "Z9", "-_.~", "+", "%20", "é"], 4) {
            let general = canonical_query(&format!("{query}&"));
            assert_eq!(canonical_query(&query), general, "{query:?}");
            if let Some(escaped) = escaped(&query) {
                assert_eq!(canonical_query(&escaped), general, "{query:?}");
            }
            compared += 1;
        }
        assert!(compared > 3000, "{compared}");
    }

    #[test]
    fn byte_helpers_match_their_plain_forms() {
        // Percent-encoding: the table gives what `crate::percent` gives, for every byte.
        let every: Vec<u8> = (0..=255).collect();
        let mut bytes = Vec::new();
        percent_encode(&mut bytes, &every);
        let mut text = String::new();
        crate::percent::encode(&mut text, &every);
        assert_eq!(bytes, text.as_bytes());
        // Hex: the arithmetic gives the formatter's digits.
        let digest: [u8; 32] = std::array::from_fn(|i| (i * 37 + 11) as u8);
        let printed: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex(&digest), printed);
        assert_eq!(hex(&[0xff; 32]), "f".repeat(64));
        // The word-at-a-time checks give the plain byte checks, at every length and position.
        for len in 0..=24 {
            for at in 0..len.max(1) {
                for b in 0..=255u8 {
                    let mut bytes = vec![b'a'; len];
                    if len > 0 {
                        bytes[at] = b;
                    }
                    assert_eq!(has_underscore(&bytes), bytes.contains(&b'_'));
                    for (low, not) in [
                        (b' ', [b',', b',']),
                        (b' ', [b',', b'/']),
                        (b'!', [b'/', b',']),
                    ] {
                        let plain = bytes
                            .iter()
                            .all(|&c| (low..=b'~').contains(&c) && !not.contains(&c));
                        assert_eq!(printable_without(&bytes, low, not), plain, "{bytes:?}");
                    }
                }
            }
        }
        // Sorting by prefix, then name, is byte order, short and long names alike.
        let names: [&[u8]; 12] = [
            b"",
            b"a",
            b"host",
            b"hosts",
            b"host-name",
            b"x-sdk-date",
            b"x-sdk-content-sha256",
            b"x-sdk-contents",
            b"x-sdk-c",
            b"content-type",
            b"content-typ",
            b"~",
        ];
        for a in names {
            for b in names {
                let (x, y) = (Signed::new(a, b""), Signed::new(b, b""));
                assert_eq!(x.order(&y), a.cmp(b), "{a:?} {b:?}");
                assert_eq!(x.same_name(&y), a == b);
            }
        }
    }

    #[test]
    fn digests_match_known_answers() {
        assert_eq!(Algorithm::HmacSha256.hex_digest(b""), EMPTY_SHA256);
        assert_eq!(Algorithm::HmacSm3.hex_digest(b""), EMPTY_SM3);
        // GB/T 32905-2016 example 1.
        assert_eq!(
            Algorithm::HmacSm3.hex_digest(b"abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }

    #[test]
    fn cached_keys_follow_the_secret_key_and_stay_bounded() {
        for algorithm in [Algorithm::derived("cn-north-4", "ecs"), Algorithm::HmacSm3] {
            // A rotated secret key under the same access key and scope misses the cache.
            for (secret, other) in [("first-sk", "second-sk"), ("second-sk", "first-sk")] {
                for _ in 0..2 {
                    let mut request = Request::get("http://h/v1").body(Vec::new()).unwrap();
                    let key = SigningKey::new(AK, secret);
                    sign(&mut request, &algorithm, &key, at_2026()).unwrap();
                    verify(&request, secret).unwrap();
                    assert_eq!(verify(&request, other), Err(SignError::SignatureMismatch));
                }
            }
        }
        // The derivation with and without the cache gives the same key.
        let scope = b"20261129/cn-north-4/ecs";
        let fresh = KeyedMac::new(false, &derived_key(AK, SK, scope)).unwrap();
        let cached = keyed_mac(
            &Algorithm::derived("cn-north-4", "ecs"),
            AK,
            SK,
            Some(scope),
        );
        assert_eq!(cached.unwrap().sign(b"text"), fresh.sign(b"text"));
        for i in 0..2 * KEY_CACHE_CAPACITY {
            let algorithm = Algorithm::derived(format!("region-{i}"), "ecs");
            let mut request = Request::get("http://h/v1").body(Vec::new()).unwrap();
            sign(
                &mut request,
                &algorithm,
                &SigningKey::new(AK, SK),
                at_2026(),
            )
            .unwrap();
            verify(&request, SK).unwrap();
        }
        let len = KEY_CACHE
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len();
        assert!(len <= KEY_CACHE_CAPACITY, "{len}");
    }

    #[test]
    fn shared_date_and_host_values_follow_the_time_and_the_host() {
        let signed_at = |uri: &str, time: SystemTime| {
            let mut request = Request::get(uri).body(Vec::<u8>::new()).unwrap();
            let key = SigningKey::new(AK, SK);
            sign(&mut request, &Algorithm::HmacSha256, &key, time).unwrap();
            verify(&request, SK).unwrap();
            let header = |name: &str| request.headers()[name].to_str().unwrap().to_owned();
            (header("x-sdk-date"), header("host"))
        };
        let next = at_2026() + Duration::from_secs(1);
        let cases = [
            (
                "http://a.example.com/",
                at_2026(),
                "20261129T042418Z",
                "a.example.com",
            ),
            (
                "http://a.example.com/",
                at_2026(),
                "20261129T042418Z",
                "a.example.com",
            ),
            (
                "http://b.example.com:8443/",
                next,
                "20261129T042419Z",
                "b.example.com:8443",
            ),
            (
                "http://a.example.com/",
                next,
                "20261129T042419Z",
                "a.example.com",
            ),
            (
                "http://a.example.com/",
                at_2026(),
                "20261129T042418Z",
                "a.example.com",
            ),
        ];
        for (uri, time, date, host) in cases {
            assert_eq!(signed_at(uri, time), (date.to_owned(), host.to_owned()));
        }
    }

    #[test]
    fn nothing_secret_is_printed() {
        let key = SigningKey::new(AK, "hunter2").with_security_token("tok3n");
        let shown = format!("{key:?}");
        assert!(shown.contains(AK) && !shown.contains("hunter2") && !shown.contains("tok3n"));
        let mut request = Request::get("http://h/").body(Vec::<u8>::new()).unwrap();
        let signature = sign(&mut request, &Algorithm::HmacSha256, &key, at_2026()).unwrap();
        assert!(!format!("{signature:?}").contains(signature.signature()));
        assert!(!format!("{signature:?}").contains("tok3n"));
        let auth = Authorization::from_request(&request).unwrap();
        assert!(!format!("{auth:?}").contains(signature.signature()));
        for error in [
            verify(&request, "wrong").unwrap_err(),
            SignError::InvalidAuthorization("x"),
            SignError::RepeatedHeader(AUTHORIZATION),
        ] {
            let text = error.to_string();
            assert!(!text.contains("hunter2") && !text.contains(signature.signature()));
            assert!(!text.contains('\n'));
        }
    }
}
