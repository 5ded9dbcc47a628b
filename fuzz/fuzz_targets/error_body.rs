//! The error-body reader on arbitrary bytes: the SDK rule alone
//! (`bench_parse_error_body`), then the whole `ApiError` built from a 400
//! response with that body, every accessor read and both formats written.
//!
//! `cargo +nightly fuzz run error_body` (from the repository root).

#![no_main]

use cloudwire::http::{HeaderMap, HeaderValue, StatusCode};
use cloudwire::{ApiError, DEFAULT_EXCERPT_LIMIT, Error, RawResponse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (code, message) = cloudwire::__private::bench_parse_error_body(data);

    // The default excerpt limit, and one that cuts this body in half.
    for limit in [DEFAULT_EXCERPT_LIMIT, data.len() / 2] {
        let raw = RawResponse::new(StatusCode::BAD_REQUEST, HeaderMap::new(), data.to_vec())
            .with_excerpt_limit(limit);
        let err = ApiError::from_response(raw);
        assert_eq!(err.status(), StatusCode::BAD_REQUEST);
        assert_eq!(err.code(), code.as_deref());
        assert_eq!(err.message(), message.as_deref());
        check(&err, data, limit);
        let err = Error::from(err);
        assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
        assert!(err.body_excerpt().is_some());
        let _ = (err.code(), err.message(), err.request_id(), err.headers());
        let _ = (format!("{err}"), format!("{err:?}"), err.as_api().is_some());
    }

    // With a request ID header: the header wins over a body `request_id`.
    let mut headers = HeaderMap::new();
    headers.insert("x-request-id", HeaderValue::from_static("fuzz-request"));
    let err = ApiError::from_response(RawResponse::new(
        StatusCode::BAD_REQUEST,
        headers,
        data.to_vec(),
    ));
    assert_eq!(err.request_id().map(|id| id.as_str()), Some("fuzz-request"));
    check(&err, data, DEFAULT_EXCERPT_LIMIT);
});

fn check(err: &ApiError, body: &[u8], limit: usize) {
    // The SDK counts an empty code or message as absent.
    assert_ne!(err.code(), Some(""));
    assert_ne!(err.message(), Some(""));
    let _ = (
        err.encoded_authorization_message(),
        err.headers(),
        err.body_is_json(),
    );
    assert!(err.is_client_error() && !err.is_server_error());
    // At most `limit` body bytes are taken (a BOM skipped); each gives at most
    // 3 bytes of text (U+FFFD, or `***` for a masked one-digit number).
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let taken = body.len().min(limit);
    assert!(err.body_excerpt().len() <= 3 * taken + 3);
    assert_eq!(err.body_excerpt_truncated(), body.len() > limit);
    // Display is one line of printable text, whatever the server sent.
    let shown = err.to_string();
    assert!(!shown.contains(char::is_control), "{shown:?}");
    let _ = format!("{err:?}");
}
