//! The response decoder on arbitrary responses. The first bytes of the input
//! choose the status, a few headers, the excerpt limit and whether the body
//! was cut at the client's limit; the rest is the body. Each response is
//! decoded as several `#[api_response]` types, and every outcome must be a
//! value (for a success status) or an error that keeps the status.
//!
//! `cargo +nightly fuzz run response_decode` (from the repository root).

#![no_main]

use cloudwire::http::{HeaderMap, HeaderValue, StatusCode};
use cloudwire::{ApiResponse, DecodeKind, Error, RawResponse, RequestId};
use libfuzzer_sys::fuzz_target;

/// JSON members, the request ID, the status, a parsed header and all headers.
#[cloudwire::api_response]
#[derive(Debug)]
#[allow(dead_code)]
struct Members {
    code: Option<cloudwire::serde_json::Value>,
    message: Option<String>,
    items: Option<Vec<u32>>,
    #[cloudwire(request_id)]
    request_id: Option<RequestId>,
    #[cloudwire(status)]
    status: u16,
    #[cloudwire(header = "X-Count")]
    count: Option<u32>,
    #[cloudwire(headers)]
    headers: HeaderMap,
}

/// A required member and a required header, for two statuses only.
#[cloudwire::api_response(status = [201, 202])]
#[derive(Debug)]
#[allow(dead_code)]
struct Required {
    id: String,
    #[cloudwire(header = "X-Subject-Token")]
    token: String,
}

/// The whole body as text.
#[cloudwire::api_response(status = [200, 203])]
#[derive(Debug)]
#[allow(dead_code)]
struct Text {
    #[cloudwire(body)]
    text: String,
}

/// The whole body as a JSON array; `None` when empty.
#[cloudwire::api_response]
#[derive(Debug)]
#[allow(dead_code)]
struct List {
    #[cloudwire(body)]
    items: Option<Vec<cloudwire::serde_json::Value>>,
}

/// No body at all.
#[cloudwire::api_response(status = 204)]
#[derive(Debug)]
struct Nothing;

const CONTENT_TYPES: &[&str] = &["application/json", "text/html", "text/plain;charset=UTF-8"];
const ENCODINGS: &[&str] = &["gzip", "deflate", "br", "identity"];

/// Takes `n` bytes from the front of `data`, or what is left.
fn take<'a>(data: &mut &'a [u8], n: usize) -> &'a [u8] {
    let (head, rest) = data.split_at(n.min(data.len()));
    *data = rest;
    head
}

fn byte(data: &mut &[u8]) -> u8 {
    take(data, 1).first().copied().unwrap_or(0)
}

fuzz_target!(|input: &[u8]| {
    let mut data = input;
    let status = 100 + u16::from_le_bytes([byte(&mut data), byte(&mut data)]) % 900;
    let status = StatusCode::from_u16(status).expect("100 to 999 is a status");
    let flags = byte(&mut data);
    let mut headers = HeaderMap::new();
    if flags & 1 != 0 {
        // A request ID of the next 0 to 31 bytes, when they make a header value.
        let len = usize::from(byte(&mut data) % 32);
        if let Ok(value) = HeaderValue::from_bytes(take(&mut data, len)) {
            headers.append("x-request-id", value);
        }
    }
    if flags & 2 != 0 {
        let len = usize::from(byte(&mut data) % 16);
        if let Ok(value) = HeaderValue::from_bytes(take(&mut data, len)) {
            headers.append("x-count", value.clone());
            headers.append("x-subject-token", value);
        }
    }
    if flags & 4 != 0 {
        let ct = CONTENT_TYPES[usize::from(flags >> 5) % CONTENT_TYPES.len()];
        headers.append("content-type", HeaderValue::from_static(ct));
    }
    if flags & 8 != 0 {
        let ce = ENCODINGS[usize::from(flags >> 5) % ENCODINGS.len()];
        headers.append("content-encoding", HeaderValue::from_static(ce));
    }
    let truncated = flags & 16 != 0;
    let limit = match byte(&mut data) {
        0..=127 => cloudwire::DEFAULT_EXCERPT_LIMIT,
        n => usize::from(n - 128),
    };
    let raw = RawResponse::new(status, headers, data.to_vec())
        .with_excerpt_limit(limit)
        .with_body_truncated(truncated);

    check(Members::from_raw(raw.clone()), &raw);
    check(Required::from_raw(raw.clone()), &raw);
    check(Text::from_raw(raw.clone()), &raw);
    check(List::from_raw(raw.clone()), &raw);
    check(Nothing::from_raw(raw.clone()), &raw);
});

fn check<T: ApiResponse + std::fmt::Debug>(result: Result<T, Error>, raw: &RawResponse) {
    let status = raw.status();
    let success = T::is_success(status);
    let err = match result {
        Ok(value) => {
            assert!(success && !raw.body_truncated(), "{status}: {value:?}");
            return;
        }
        Err(err) => err,
    };
    assert_eq!(err.status(), Some(status), "{err:?}");
    match &err {
        Error::Api(api) => {
            assert!(!success, "{err:?}");
            assert_ne!(api.code(), Some(""));
            assert_ne!(api.message(), Some(""));
            let _ = (api.encoded_authorization_message(), api.body_is_json());
            let _ = api.body_excerpt_truncated();
        }
        Error::Decode(decode) => {
            assert!(success, "{err:?}");
            if raw.body_truncated() {
                assert_eq!(decode.kind(), DecodeKind::TooLarge);
            }
            let _ = (decode.path(), decode.headers());
        }
        other => panic!("a decoded response gave {other:?}"),
    }
    // The header's request ID, trimmed, when it is text and not blank.
    let header_id = raw
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|id| !id.is_empty());
    if let Some(id) = header_id {
        assert_eq!(err.request_id().map(RequestId::as_str), Some(id));
    }
    let excerpt = err.body_excerpt().expect("a response has an excerpt");
    let body = raw
        .body()
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(raw.body());
    assert!(excerpt.len() <= 3 * body.len().min(raw.excerpt_limit()) + 3);
    let _ = (err.code(), err.message(), err.headers(), err.is_timeout());
    let _ = (format!("{err}"), format!("{err:?}"));
}
