//! Properties of the response path, drawn at random: whatever status, headers
//! and body bytes arrive, cloudwire never panics, and every call ends in a
//! typed response or an error that keeps the status, the request ID and a
//! bounded, UTF-8 excerpt of the body.
//!
//! Bodies are raw bytes, JSON-ish text (nested objects and arrays with the keys
//! the SDK's error rule reads, numbers, escapes, non-ASCII), JSON cut short or
//! with junk spliced in, BOM-prefixed, nested past serde_json's limit, and HTML.
//!
//! - `decode_keeps_status_request_id_and_excerpt` (256 cases) and
//!   `error_body_reader_keeps_status_and_excerpt` (256 cases) build
//!   `RawResponse`s by hand: no socket.
//! - `socket_any_response_keeps_its_status` (64 cases) serves such responses,
//!   framed every way, cut short, or garbage, from a loopback `RawServer`.
//! - `success_statuses_are_the_declared_ones` checks every status, 100 to 999.
//!
//! `PROPTEST_CASES=N` runs N cases of each property instead. The `fuzz/`
//! crate runs the same code under libFuzzer where a nightly toolchain exists.

use cloudwire::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use cloudwire::serde_json::{self, Value};
use cloudwire::{ApiResponse, Client, DEFAULT_EXCERPT_LIMIT, DecodeKind, Error, RawResponse};
use cloudwire_tests::{RawServer, Script, head, response};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{
    Config, FileFailurePersistence, TestCaseError, TestCaseResult, TestRunner,
};
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

/// Bytes that print as a byte string in a failing case.
#[derive(Clone, PartialEq, Eq)]
struct Bin(Vec<u8>);

impl std::fmt::Debug for Bin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "b\"{}\"", self.0.escape_ascii())
    }
}

/// The largest body drawn.
const MAX_BODY: usize = 8 * 1024;
const BOM: &[u8] = b"\xEF\xBB\xBF";

// ---- the response types under test: one of each decoding shape ----

/// JSON members, the request ID, the status, an optional parsed header and all headers.
#[cloudwire::api_response]
#[derive(Debug)]
struct Members {
    code: Option<cloudwire::serde_json::Value>,
    message: Option<String>,
    count: Option<u64>,
    #[cloudwire(request_id)]
    request_id: Option<cloudwire::RequestId>,
    #[cloudwire(status)]
    status: u16,
    #[cloudwire(header = "X-Count")]
    header_count: Option<u32>,
    #[cloudwire(headers)]
    headers: HeaderMap,
}

/// A required member and a required header, for two statuses only.
#[cloudwire::api_response(status = [201, 202])]
#[derive(Debug)]
struct Required {
    id: String,
    #[cloudwire(header = "X-Subject-Token")]
    token: String,
}

/// The whole body as text.
#[cloudwire::api_response(status = [200, 203])]
#[derive(Debug)]
struct Text {
    #[cloudwire(body)]
    text: String,
    #[cloudwire(request_id)]
    request_id: String,
}

/// No body at all.
#[cloudwire::api_response(status = 204)]
#[derive(Debug)]
struct Nothing;

#[cloudwire::endpoint(GET, "/v1/members", response = Members)]
struct GetMembers;

#[cloudwire::endpoint(POST, "/v1/required", response = Required)]
struct PostRequired {
    name: String,
}

#[cloudwire::endpoint(GET, "/v1/text", response = Text)]
struct GetText;

#[cloudwire::endpoint(DELETE, "/v1/nothing/{id}", response = Nothing)]
struct DeleteNothing {
    #[cloudwire(path)]
    id: String,
}

// ---- strategies ----

/// Member names the SDK's rule looks for, names that are masked in excerpts,
/// and others.
const KEYS: &[&str] = &[
    "error_code",
    "error_msg",
    "errorCode",
    "errorMsg",
    "code",
    "message",
    "request_id",
    "encoded_authorization_message",
    "error",
    "details",
    "count",
    "id",
    "password",
    "X-Auth-Token",
    "sk",
];

fn json_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        40 => "[a-zA-Z0-9 ._:-]{0,12}",
        10 => any::<char>()
            .prop_filter("unescaped", |c| *c != '"' && *c != '\\' && !c.is_control())
            .prop_map(String::from),
        10 => select(&[
            "\\n", "\\\"", "\\\\", "\\/", "\\t", "\\u00e9", "\\u0000", "\\u001b", "\\ud83d\\ude00",
            "\\u0041\\u0042", "\u{7f}", "\u{1F600}", "é", "\u{FEFF}", "\u{2028}", "***",
        ][..])
        .prop_map(str::to_owned),
        // Not JSON: lone surrogates, bad escapes, raw control characters.
        1 => select(&["\\ud800", "\\udc00", "\\x", "\\u12", "\n", "\u{0}"][..])
            .prop_map(str::to_owned),
        3 => ("[a-z]{1,8}", 1..1200usize).prop_map(|(s, n)| s.repeat(n)),
    ];
    vec(piece, 0..5).prop_map(|p| format!("\"{}\"", p.concat()))
}

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(KEYS).prop_map(|k| format!("\"{k}\"")),
        1 => json_string(),
    ]
}

fn json_number() -> impl Strategy<Value = String> {
    prop_oneof![
        20 => any::<i64>().prop_map(|n| n.to_string()),
        10 => any::<u64>().prop_map(|n| n.to_string()),
        10 => any::<f64>()
            .prop_filter("finite", |n| n.is_finite())
            .prop_map(|n| format!("{n:?}")),
        10 => select(&["0", "-0", "0.5", "1e5", "-1E-5", "123456789012345678901234567890"][..])
            .prop_map(str::to_owned),
        // Not JSON, or out of range.
        1 => select(&["1e999", "01", "1.", "-", "1e", "+1", "NaN", "inf"][..])
            .prop_map(str::to_owned),
    ]
}

/// JSON text (occasionally not quite JSON): nested objects and arrays with the
/// SDK's keys, numbers, literals and strings with escapes and non-ASCII.
fn json_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        select(&["null", "true", "false", "{}", "[]"][..]).prop_map(str::to_owned),
        json_number(),
        json_string(),
        json_string(),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(|items| format!("[{}]", items.join(", "))),
            vec((json_key(), inner), 0..6).prop_map(|members| object(&members)),
        ]
    })
}

fn object(members: &[(String, String)]) -> String {
    let members: Vec<String> = members.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{{}}}", members.join(", "))
}

fn json_object() -> impl Strategy<Value = String> {
    vec((json_key(), json_value()), 0..8).prop_map(|members| object(&members))
}

/// An error body the SDK's rule reads: a pair of its keys among other
/// members, at the top or nested in `error` objects.
fn error_json() -> impl Strategy<Value = String> {
    let pair = select(
        &[
            ("error_code", "error_msg"),
            ("errorCode", "errorMsg"),
            ("code", "message"),
        ][..],
    );
    (
        pair,
        json_value(),
        json_value(),
        vec((json_key(), json_value()), 0..4),
        any::<Index>(),
        0..3usize,
    )
        .prop_map(|((code, message), c, m, mut members, at, depth)| {
            let at = at.index(members.len() + 1);
            members.insert(at, (format!("\"{code}\""), c));
            members.push((format!("\"{message}\""), m));
            let mut text = object(&members);
            for _ in 0..depth {
                text = format!("{{\"error\": {text}, \"request_id\": \"nested\"}}");
            }
            text
        })
}

/// Nesting around serde_json's recursion limit of 128.
fn deep_json() -> impl Strategy<Value = String> {
    (1..200usize, any::<bool>()).prop_map(|(depth, objects)| {
        if objects {
            format!(
                "{}{{\"code\": \"C\", \"message\": \"m\"}}{}",
                "{\"error\": ".repeat(depth),
                "}".repeat(depth)
            )
        } else {
            format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
        }
    })
}

fn html() -> impl Strategy<Value = String> {
    ("[0-9]{3}", "[A-Za-z ]{0,20}", "[ -~\n]{0,200}").prop_map(|(code, title, junk)| {
        format!(
            "<html>\r\n<head><title>{code} {title}</title></head>\r\n<body>\r\n\
             <center><h1>{code} {title}</h1></center>\r\n<hr><center>nginx</center>\r\n\
             {junk}</body>\r\n</html>\r\n"
        )
    })
}

/// A body of at most [`MAX_BODY`] bytes.
fn body() -> impl Strategy<Value = Bin> {
    prop_oneof![
        3 => vec(any::<u8>(), 0..=MAX_BODY),
        3 => json_object().prop_map(String::into_bytes),
        3 => error_json().prop_map(String::into_bytes),
        2 => json_value().prop_map(String::into_bytes),
        2 => (json_object(), any::<Index>()).prop_map(|(json, cut)| {
            let mut bytes = json.into_bytes();
            bytes.truncate(cut.index(bytes.len() + 1));
            bytes
        }),
        1 => (json_object(), vec(any::<u8>(), 1..8), any::<Index>()).prop_map(
            |(json, junk, at)| {
                let mut bytes = json.into_bytes();
                let at = at.index(bytes.len() + 1);
                bytes.splice(at..at, junk);
                bytes
            }
        ),
        1 => json_object().prop_map(|json| [BOM, json.as_bytes()].concat()),
        1 => deep_json().prop_map(String::into_bytes),
        1 => html().prop_map(String::into_bytes),
        1 => select(&["", " ", "\r\n\t ", "null", "{}", "[]", "\"x\"", "0", "{\"", "\u{FEFF}"][..])
            .prop_map(|s| s.as_bytes().to_vec()),
    ]
    .prop_map(|mut bytes| {
        bytes.truncate(MAX_BODY);
        Bin(bytes)
    })
}

/// Every status a `StatusCode` can hold (100 to 999), the usual ones more often.
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        2 => 100..=999u16,
        3 => select(&[
            100, 101, 199, 200, 201, 202, 203, 204, 206, 299, 301, 302, 304, 399, 400, 401,
            403, 404, 429, 499, 500, 502, 503, 599, 600, 999,
        ][..]),
    ]
}

/// A header value: visible ASCII, spaces and tabs, sometimes bytes above 0x7F.
fn header_value() -> impl Strategy<Value = Bin> {
    prop_oneof![
        6 => "[ -~]{0,40}".prop_map(String::into_bytes),
        1 => "[ \t]{0,2}[!-~]{1,20}[ \t]{0,2}".prop_map(String::into_bytes),
        1 => vec(prop_oneof![0x20..=0x7eu8, 0x80..=0xffu8, Just(b'\t')], 0..20),
    ]
    .prop_map(Bin)
}

/// Names (any case) and values, the request ID and the headers the client or
/// the types read among them.
fn headers() -> impl Strategy<Value = Vec<(String, Bin)>> {
    let one = prop_oneof![
        3 => (select(&["X-Request-Id", "x-request-id", "X-REQUEST-ID"][..]), header_value())
            .prop_map(|(n, v)| (n.to_owned(), v)),
        1 => (
            Just("Content-Type"),
            select(&[
                "application/json",
                "application/json;charset=UTF-8",
                "text/html",
                "text/plain; charset=gbk",
                "x/y",
            ][..])
            .prop_map(|v| Bin(v.as_bytes().to_vec()))
        )
            .prop_map(|(n, v)| (n.to_owned(), v)),
        1 => (
            Just("Content-Encoding"),
            select(&["gzip", "deflate", "br", "zstd", "identity", "gzip, deflate", "x-unknown"][..])
                .prop_map(|v| Bin(v.as_bytes().to_vec()))
        )
            .prop_map(|(n, v)| (n.to_owned(), v)),
        1 => (Just("X-Count"), prop_oneof!["[0-9]{1,12}", "[ -~]{0,6}"])
            .prop_map(|(n, v)| (n.to_owned(), Bin(v.into_bytes()))),
        1 => (Just("X-Subject-Token"), header_value()).prop_map(|(n, v)| (n.to_owned(), v)),
        2 => ("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}", header_value())
            .prop_filter("framing headers are the server's", |(n, _)| !is_framing(n)),
    ];
    vec(one, 0..6)
}

fn is_framing(name: &str) -> bool {
    ["content-length", "transfer-encoding", "connection"]
        .iter()
        .any(|f| name.eq_ignore_ascii_case(f))
}

fn header_map(headers: &[(String, Bin)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("a token is a header name");
        let value = HeaderValue::from_bytes(&value.0).expect("no control characters");
        map.append(name, value);
    }
    map
}

/// The excerpt limit: the default, or small enough that most bodies are cut.
fn excerpt_limit() -> impl Strategy<Value = usize> {
    prop_oneof![
        2 => Just(DEFAULT_EXCERPT_LIMIT),
        1 => 0..=64usize,
        1 => DEFAULT_EXCERPT_LIMIT - 4..=DEFAULT_EXCERPT_LIMIT + 4,
    ]
}

// ---- what every outcome must satisfy ----

/// The request ID an error or response must report: the first `X-Request-Id`
/// header, trimmed, when it is text and not blank (else it may come from the body).
fn header_request_id(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("x-request-id")?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// Checks an excerpt against the body it was taken from: a prefix of at most
/// `limit` bytes (BOM skipped), shorter only by a character the cut would split,
/// invalid UTF-8 replaced; or, where credential-looking members were masked
/// (`***`), still bounded.
fn check_excerpt(excerpt: &str, body: &[u8], limit: usize) -> TestCaseResult {
    let body = body.strip_prefix(BOM).unwrap_or(body);
    let cut = body.len().min(limit);
    let shortest = if cut < body.len() {
        cut.saturating_sub(3)
    } else {
        cut
    };
    let is_prefix = (shortest..=cut).any(|len| String::from_utf8_lossy(&body[..len]) == excerpt);
    if !is_prefix {
        prop_assert!(
            excerpt.contains("***"),
            "excerpt is not a prefix of the body (limit {limit}, body {} bytes): {excerpt:?}",
            body.len()
        );
    }
    // Each body byte taken gives at most 3 bytes (U+FFFD for an invalid byte,
    // `***` for a one-digit masked number); a masked string cut short adds `***`.
    prop_assert!(
        excerpt.len() <= 3 * cut + 3,
        "excerpt of {} bytes from {cut} body bytes",
        excerpt.len()
    );
    Ok(())
}

/// What a test expects of an error: where the response came from.
struct Served<'a> {
    status: StatusCode,
    headers: &'a HeaderMap,
    /// The body the error's excerpt is taken from, when the test knows it.
    body: Option<&'a [u8]>,
    limit: usize,
    /// Whether the body was cut at the client's body limit.
    truncated: bool,
}

/// Checks an error that a response with status `served.status` gave.
fn check_error<T: ApiResponse>(err: &Error, served: &Served<'_>) -> TestCaseResult {
    let status = served.status;
    prop_assert_eq!(err.status(), Some(status), "status lost: {:?}", err);
    // Display is one line of printable text; Debug never fails.
    let shown = err.to_string();
    prop_assert!(
        !shown.contains(char::is_control),
        "control characters in Display: {shown:?}"
    );
    let _ = format!("{err:?}{:?}", std::error::Error::source(err));
    if let Some(id) = header_request_id(served.headers) {
        prop_assert_eq!(
            err.request_id().map(|id| id.as_str()),
            Some(id.as_str()),
            "request ID lost: {:?}",
            err
        );
    }
    let _ = (err.code(), err.message(), err.headers(), err.is_timeout());
    match err {
        Error::Api(api) => {
            prop_assert!(!T::is_success(status), "Api error for a success: {err:?}");
            let excerpt = err.body_excerpt();
            prop_assert_eq!(excerpt, Some(api.body_excerpt()));
            prop_assert_eq!(err.headers(), Some(served.headers));
            if let Some(body) = served.body {
                check_excerpt(api.body_excerpt(), body, served.limit)?;
                let body = body.strip_prefix(BOM).unwrap_or(body);
                prop_assert_eq!(
                    api.body_excerpt_truncated(),
                    body.len() > served.limit || served.truncated
                );
                // The error reads the body as the benchmark's entry point does.
                let (code, message) = cloudwire::__private::bench_parse_error_body(body);
                prop_assert_eq!(api.code(), code.as_deref());
                prop_assert_eq!(api.message(), message.as_deref());
            }
            // A code or message is never empty: the SDK counts empty as absent.
            prop_assert_ne!(api.code(), Some(""));
            prop_assert_ne!(api.message(), Some(""));
            let _ = (api.encoded_authorization_message(), api.body_is_json());
            prop_assert_eq!(api.is_client_error(), status.is_client_error());
            prop_assert_eq!(api.is_server_error(), status.is_server_error());
        }
        Error::Decode(decode) => {
            prop_assert!(T::is_success(status), "Decode error for a failure: {err:?}");
            prop_assert_eq!(decode.status(), status);
            prop_assert_eq!(err.body_excerpt(), Some(decode.body_excerpt()));
            if let Some(body) = served.body {
                check_excerpt(decode.body_excerpt(), body, served.limit)?;
            }
            let _ = (decode.kind(), decode.path(), decode.headers());
        }
        Error::Transport(_) => {
            prop_assert!(
                served.body.is_none(),
                "Transport error from a RawResponse: {err:?}"
            );
        }
        other => return Err(TestCaseError::fail(format!("unexpected error {other:?}"))),
    }
    Ok(())
}

/// Decodes one response as `T` and checks the outcome.
fn decode_as<T, F>(raw: &RawResponse, check_ok: F) -> TestCaseResult
where
    T: ApiResponse + std::fmt::Debug,
    F: FnOnce(&T) -> TestCaseResult,
{
    let (status, limit) = (raw.status(), raw.excerpt_limit());
    match T::from_raw(raw.clone()) {
        Ok(value) => {
            prop_assert!(T::is_success(status), "{status} decoded as {value:?}");
            prop_assert!(!raw.body_truncated(), "a cut body decoded");
            check_ok(&value)
        }
        Err(err) => {
            if T::is_success(status) && raw.body_truncated() {
                let kind = match &err {
                    Error::Decode(e) => Some(e.kind()),
                    _ => None,
                };
                prop_assert_eq!(kind, Some(DecodeKind::TooLarge));
            }
            let served = Served {
                status,
                headers: raw.headers(),
                body: Some(raw.body()),
                limit,
                truncated: raw.body_truncated(),
            };
            check_error::<T>(&err, &served)
        }
    }
}

/// Checks a response decoded into every type.
fn check_raw(raw: &RawResponse) -> TestCaseResult {
    let status = raw.status();
    let id = header_request_id(raw.headers());
    // The body as a JSON object, to compare the members decoded from it. (A
    // top-level array decodes too, by position: serde's rule for structs.)
    let doc = {
        let body = raw.body().strip_prefix(BOM).unwrap_or(raw.body());
        let blank = body.iter().all(u8::is_ascii_whitespace);
        serde_json::from_slice::<Value>(if blank { b"{}" } else { body })
            .ok()
            .filter(Value::is_object)
    };
    let member = |name: &str| {
        doc.as_ref()
            .and_then(|d| d.get(name))
            .filter(|v| !v.is_null())
    };
    decode_as::<Members, _>(raw, |m| {
        prop_assert_eq!(m.status, status.as_u16());
        prop_assert_eq!(&m.headers, raw.headers());
        if doc.is_some() {
            prop_assert_eq!(m.code.as_ref(), member("code"));
            prop_assert_eq!(
                m.message.as_deref(),
                member("message").and_then(Value::as_str)
            );
            prop_assert_eq!(m.count, member("count").and_then(Value::as_u64));
        }
        let count = raw
            .headers()
            .get("x-count")
            .map(|v| v.to_str().ok().and_then(|v| v.parse().ok()));
        prop_assert_eq!(m.header_count, count.flatten());
        if let Some(id) = &id {
            prop_assert_eq!(m.request_id.as_ref().map(|r| r.as_str()), Some(id.as_str()));
        }
        Ok(())
    })?;
    decode_as::<Required, _>(raw, |r| {
        let token = raw
            .headers()
            .get("x-subject-token")
            .map(|v| v.to_str().ok());
        prop_assert_eq!(token, Some(Some(r.token.as_str())));
        if doc.is_some() {
            prop_assert_eq!(Some(r.id.as_str()), member("id").and_then(Value::as_str));
        }
        Ok(())
    })?;
    decode_as::<Text, _>(raw, |t| {
        prop_assert_eq!(t.text.as_bytes(), raw.body());
        if let Some(id) = &id {
            prop_assert_eq!(&t.request_id, id);
        }
        Ok(())
    })?;
    decode_as::<Nothing, _>(raw, |_| Ok(()))
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn config(default_cases: u32) -> Config {
    Config {
        cases: cases(default_cases),
        // Relative to the package, where `cargo test` runs.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/properties.txt",
        ))),
        ..Config::default()
    }
}

// ---- without a socket ----

proptest! {
    #![proptest_config(config(256))]

    /// Any status, headers and body: each response type decodes or gives an
    /// error that keeps the status, the request ID and a bounded excerpt.
    #[test]
    fn decode_keeps_status_request_id_and_excerpt(
        status in status(),
        headers in headers(),
        body in body(),
        limit in excerpt_limit(),
        truncated in prop::bool::weighted(0.1),
    ) {
        let status = StatusCode::from_u16(status).unwrap();
        let raw = RawResponse::new(status, header_map(&headers), body.0)
            .with_excerpt_limit(limit)
            .with_body_truncated(truncated);
        check_raw(&raw)?;
    }

    /// The error-body reader alone, at the default excerpt limit: any bytes
    /// give an `ApiError` that keeps the status, reads code and message as the
    /// benchmark entry point does and keeps a bounded excerpt.
    #[test]
    fn error_body_reader_keeps_status_and_excerpt(body in body(), status in 300..=999u16) {
        let status = StatusCode::from_u16(status).unwrap();
        let raw = RawResponse::new(status, HeaderMap::new(), body.0.clone());
        let err = Error::from(cloudwire::ApiError::from_response(raw));
        let expected = Served {
            status,
            headers: &HeaderMap::new(),
            body: Some(&body.0),
            limit: DEFAULT_EXCERPT_LIMIT,
            truncated: false,
        };
        // `Nothing` succeeds on 204 alone: every status drawn is an error for it.
        check_error::<Nothing>(&err, &expected)?;
    }
}

/// Success is exactly what each type declares, for every status there is.
#[test]
fn success_statuses_are_the_declared_ones() {
    for status in 100..=999u16 {
        let s = StatusCode::from_u16(status).unwrap();
        assert_eq!(
            Members::is_success(s),
            (200..300).contains(&status),
            "{status}"
        );
        assert_eq!(
            Required::is_success(s),
            status == 201 || status == 202,
            "{status}"
        );
        assert_eq!(
            Text::is_success(s),
            status == 200 || status == 203,
            "{status}"
        );
        assert_eq!(Nothing::is_success(s), status == 204, "{status}");
    }
}

// ---- over a socket ----

/// What the server writes.
#[derive(Debug, Clone)]
enum Wire {
    /// A complete response, `Content-Length` framed.
    Sized,
    /// A complete response without `Content-Length`, read until the close.
    UntilClose,
    /// A complete response, `Transfer-Encoding: chunked` in chunks of this size.
    Chunked(usize),
    /// The body compressed with gzip, `Content-Encoding: gzip` (any other
    /// `Content-Encoding` drawn is dropped).
    Gzip,
    /// A sized response cut short at this point (the head, or the body).
    Cut(Index),
    /// Bytes that are not an HTTP response.
    Garbage(Bin),
}

fn wire() -> impl Strategy<Value = Wire> {
    prop_oneof![
        4 => Just(Wire::Sized),
        1 => Just(Wire::UntilClose),
        1 => (1..2000usize).prop_map(Wire::Chunked),
        1 => Just(Wire::Gzip),
        1 => any::<Index>().prop_map(Wire::Cut),
        1 => prop_oneof![
            vec(any::<u8>(), 0..512),
            vec(any::<u8>(), 0..64).prop_map(|tail| [b"HTTP/1.1 ".as_slice(), &tail].concat()),
        ]
        .prop_map(|bytes| Wire::Garbage(Bin(bytes))),
    ]
}

/// Serves and what the client should see: the status when a response head
/// arrives whole, the body when it arrives whole too.
struct Plan {
    bytes: Vec<u8>,
    status: Option<u16>,
    body: Option<Vec<u8>>,
}

fn plan(status: u16, headers: &[(String, Bin)], body: &[u8], wire: &Wire) -> Plan {
    let text: Vec<(String, String)> = headers
        .iter()
        .filter(|(n, _)| {
            !(matches!(wire, Wire::Gzip) && n.eq_ignore_ascii_case("content-encoding"))
        })
        .map(|(n, v)| (n.clone(), String::from_utf8_lossy(&v.0).into_owned()))
        .collect();
    let mut pairs: Vec<(&str, &str)> = text.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    // A status without a body (1xx, 204, 304) gets none from the client.
    let no_body = status < 200 || status == 204 || status == 304;
    let expected_body = |b: &[u8]| Some(if no_body { Vec::new() } else { b.to_vec() });
    match wire {
        Wire::Sized => Plan {
            bytes: response(status, &pairs, body),
            status: Some(status),
            body: expected_body(body),
        },
        Wire::UntilClose => {
            let mut bytes = head(status, &pairs, None);
            bytes.extend_from_slice(body);
            Plan {
                bytes,
                status: Some(status),
                body: expected_body(body),
            }
        }
        Wire::Chunked(size) => {
            pairs.push(("Transfer-Encoding", "chunked"));
            let mut bytes = head(status, &pairs, None);
            for chunk in body.chunks(*size) {
                bytes.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                bytes.extend_from_slice(chunk);
                bytes.extend_from_slice(b"\r\n");
            }
            bytes.extend_from_slice(b"0\r\n\r\n");
            Plan {
                bytes,
                status: Some(status),
                body: expected_body(body),
            }
        }
        Wire::Gzip => {
            pairs.push(("Content-Encoding", "gzip"));
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(body).unwrap();
            let compressed = gz.finish().unwrap();
            Plan {
                bytes: response(status, &pairs, &compressed),
                status: Some(status),
                body: expected_body(body),
            }
        }
        Wire::Cut(at) => {
            let whole = response(status, &pairs, body);
            let head_len = head(status, &pairs, Some(body.len())).len();
            let at = at.index(whole.len());
            Plan {
                bytes: whole[..at].to_vec(),
                // Short of the blank line, there is no response; short of the
                // body, the head had arrived.
                status: (at >= head_len).then_some(status),
                body: None,
            }
        }
        Wire::Garbage(bytes) => Plan {
            bytes: bytes.0.clone(),
            status: None,
            body: None,
        },
    }
}

/// What was served on the socket, for checking what the client made of it.
struct Exchange<'a> {
    status: u16,
    /// The headers as they went on the wire.
    headers: &'a HeaderMap,
    plan: &'a Plan,
    limit: usize,
}

/// What `Client::send` gave, checked against what was served; `check_ok`
/// checks a decoded response against the body that arrived.
fn check_sent<T, F>(result: Result<T, Error>, served: &Exchange<'_>, check_ok: F) -> TestCaseResult
where
    T: ApiResponse + std::fmt::Debug,
    F: FnOnce(&T, &[u8]) -> TestCaseResult,
{
    let (status, headers, plan) = (served.status, served.headers, served.plan);
    // hyper skips an informational response and waits for the final one,
    // which never comes; 101 (Switching Protocols) it returns, without a body.
    let informational = status < 200 && status != 101;
    let expected = plan.status.filter(|_| !informational);
    match (result, expected) {
        (Ok(value), Some(s)) => {
            let s = StatusCode::from_u16(s).unwrap();
            prop_assert!(T::is_success(s), "{s} gave {value:?}");
            match &plan.body {
                Some(body) => check_ok(&value, body),
                None => Ok(()),
            }
        }
        (Ok(value), None) => Err(TestCaseError::fail(format!(
            "no whole response was served, yet: {value:?}"
        ))),
        (Err(err), Some(s)) => {
            let expected = Served {
                status: StatusCode::from_u16(s).unwrap(),
                headers,
                body: plan.body.as_deref(),
                limit: served.limit,
                truncated: false,
            };
            if let Error::Transport(_) = err {
                // Only a body cut short or one that does not inflate.
                let inflates = headers.get_all("content-encoding").iter().any(|v| {
                    let v = v.as_bytes().to_ascii_lowercase();
                    v.windows(4).any(|w| w == b"gzip" || w == b"defl")
                });
                prop_assert!(
                    plan.body.is_none() || inflates,
                    "transport error on a whole response: {err:?}"
                );
                let expected = Served {
                    body: None,
                    ..expected
                };
                return check_error::<T>(&err, &expected);
            }
            // The request ID is the wire's; the headers are the wire's less
            // those the client consumed in decoding (`Content-Encoding`, ...).
            if let Some(id) = header_request_id(headers) {
                prop_assert_eq!(err.request_id().map(|r| r.as_str()), Some(id.as_str()));
            }
            let received = err.headers().cloned().unwrap_or_default();
            let expected = Served {
                headers: &received,
                ..expected
            };
            check_error::<T>(&err, &expected)
        }
        (Err(err), None) => {
            prop_assert!(
                matches!(err, Error::Transport(_)),
                "not a transport error: {err:?}"
            );
            prop_assert_eq!(err.status(), None);
            prop_assert_eq!(err.body_excerpt(), None);
            let _ = format!("{err} {err:?}");
            Ok(())
        }
    }
}

/// The headers as the client will see them (names lower-cased, values trimmed).
fn wire_headers(headers: &[(String, Bin)]) -> HeaderMap {
    let trimmed: Vec<(String, Bin)> = headers
        .iter()
        .map(|(n, v)| {
            let text = String::from_utf8_lossy(&v.0);
            (
                n.clone(),
                Bin(text.trim_matches([' ', '\t']).as_bytes().to_vec()),
            )
        })
        .collect();
    header_map(&trimmed)
}

/// Any status, headers and body on a real socket, framed every way or cut
/// short, or garbage: `Client::send` never panics; a whole response gives a
/// response or an error with its status, request ID and excerpt; anything
/// short of a response head gives `Error::Transport` without a status.
#[test]
fn socket_any_response_keeps_its_status() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // Half the statuses are 2xx, so that each endpoint's successes come up too.
    let status = prop_oneof![status(), select(&[200u16, 201, 202, 203, 204][..])];
    let strategy = (status, headers(), body(), wire(), 0..4u8, excerpt_limit());
    let mut runner = TestRunner::new(config(64));
    let result = runner.run(
        &strategy,
        |(status, headers, body, wire, endpoint, limit)| {
            // Header values go on the wire as visible ASCII text.
            let headers: Vec<(String, Bin)> = headers
                .into_iter()
                .map(|(name, value)| {
                    let visible = value.0.iter().map(|&b| match b {
                        b' ' | b'!'..=b'~' => b,
                        _ => b'_',
                    });
                    (name, Bin(visible.collect()))
                })
                .collect();
            let plan = plan(status, &headers, &body.0, &wire);
            let wire_headers = wire_headers(&headers);
            let served = Exchange {
                status,
                headers: &wire_headers,
                plan: &plan,
                limit,
            };
            runtime.block_on(async {
                let server = RawServer::start(Script::Bytes(Arc::new(plan.bytes.clone()))).await;
                let client = Client::builder()
                    .endpoint(server.url())
                    .timeout(Duration::from_secs(5))
                    .error_excerpt_limit(limit)
                    .build()
                    .unwrap();
                match endpoint {
                    0 => check_sent(client.send(GetMembers).await, &served, |m, _| {
                        prop_assert_eq!(m.status, status);
                        Ok(())
                    }),
                    1 => {
                        let sent = client.send(PostRequired { name: "n".into() }).await;
                        check_sent(sent, &served, |_, _| Ok(()))
                    }
                    2 => check_sent(client.send(GetText).await, &served, |t, body| {
                        prop_assert_eq!(t.text.as_bytes(), body);
                        Ok(())
                    }),
                    _ => {
                        let sent = client.send(DeleteNothing { id: "x".into() }).await;
                        check_sent(sent, &served, |_, _| Ok(()))
                    }
                }
            })
        },
    );
    if let Err(e) = result {
        panic!("{e}\n{runner}");
    }
}
