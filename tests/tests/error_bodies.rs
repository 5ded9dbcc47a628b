//! Error bodies over a real socket: every variant a service or gateway sends
//! becomes `Error::Api` with the status, request ID, code, message and a bounded
//! excerpt, and the code and message match the official SDK's on every body it
//! understands (vectors in `tests/vectors/error_bodies.json`).

use cloudwire::{Client, Error, RequestId};
use cloudwire_tests::{RawServer, Script, head};
use serde_json::Value;
use std::sync::Arc;

#[cloudwire::api_response]
#[derive(Debug)]
#[allow(dead_code)]
struct Anything {
    #[cloudwire(request_id)]
    request_id: Option<RequestId>,
}

#[cloudwire::endpoint(GET, "/v1/anything", response = Anything)]
struct GetAnything;

#[cloudwire::api_response]
#[derive(Debug)]
#[allow(dead_code)]
struct Named {
    name: String,
}

#[cloudwire::endpoint(GET, "/v1/named", response = Named)]
struct GetNamed;

fn client(url: &str) -> Client {
    // Error bodies, not retries, are under test here: one attempt each.
    Client::builder()
        .endpoint(url)
        .retry(cloudwire::retry::RetryPolicy::none())
        .build()
        .unwrap()
}

async fn error_for(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Error {
    let server = RawServer::respond(status, headers, body).await;
    client(&server.url()).send(GetAnything).await.unwrap_err()
}

fn text(v: &Value) -> Option<&str> {
    v.as_str()
}

#[tokio::test]
async fn code_and_message_match_the_official_sdk() {
    let vectors: Value =
        serde_json::from_str(include_str!("../vectors/error_bodies.json")).unwrap();
    let cases = vectors["cases"].as_array().unwrap();
    assert!(cases.len() >= 40, "expected the full vector set");
    let mut checked = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let status = case["status"].as_u64().unwrap() as u16;
        let body: Vec<u8> = match case["body_encoding"].as_str().unwrap() {
            "utf-8" => case["body"].as_str().unwrap().as_bytes().to_vec(),
            _ => case["body"]
                .as_str()
                .unwrap()
                .chars()
                .map(|c| c as u32 as u8)
                .collect(),
        };
        let headers: Vec<(String, String)> = case["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h[0].as_str().unwrap().to_owned(),
                    h[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let header_refs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let err = error_for(status, &header_refs, &body).await;
        let sdk = &case["sdk"];

        let Error::Api(api) = &err else {
            panic!("{name}: expected Error::Api, got {err:?}");
        };
        assert_eq!(api.status().as_u16(), status, "{name}");
        assert!(
            !err.to_string().contains('\n'),
            "{name}: Display must be one line: {err}"
        );

        if case.get("deviation").is_some() {
            continue; // checked one by one below
        }
        // Where the SDK substitutes the status for a missing code and the body
        // for a missing message, cloudwire says `None` and keeps the excerpt.
        let status_text = status.to_string();
        let body_text = String::from_utf8_lossy(&body).into_owned();
        assert_eq!(
            api.code().unwrap_or(&status_text),
            text(&sdk["code"]).unwrap(),
            "{name}: code"
        );
        assert_eq!(
            api.message().unwrap_or(&body_text),
            text(&sdk["message"]).unwrap(),
            "{name}: message"
        );
        assert_eq!(
            api.encoded_authorization_message(),
            text(&sdk["encoded_authorization_message"]),
            "{name}: encoded_authorization_message"
        );
        match text(&sdk["request_id"]) {
            Some(id) => assert_eq!(
                api.request_id().map(RequestId::as_str),
                Some(id),
                "{name}: request id"
            ),
            // The SDK reads only the header; cloudwire falls back to the body.
            None => assert_eq!(
                api.request_id().map(RequestId::as_str),
                Some("body-rid-1"),
                "{name}"
            ),
        }
        assert_eq!(
            api.body_excerpt(),
            body_text.trim_start_matches('\u{feff}'),
            "{name}: excerpt"
        );
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} cases compared");
}

#[tokio::test]
async fn documented_deviations_from_the_sdk() {
    let err = error_for(
        400,
        &[],
        b"\xEF\xBB\xBF{\"error_code\": \"BOM.1\", \"error_msg\": \"with bom\"}",
    )
    .await;
    assert_eq!(
        (err.code(), err.message()),
        (Some("BOM.1"), Some("with bom"))
    );
    let err = error_for(400, &[], br#"{"code": "OBJ", "message": {"a": 1}}"#).await;
    assert_eq!(
        (err.code(), err.message()),
        (Some("OBJ"), Some(r#"{"a":1}"#))
    );
}

#[tokio::test]
async fn html_gateway_error_keeps_status_request_id_and_excerpt() {
    let html =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n</html>";
    let err = error_for(
        502,
        &[("Content-Type", "text/html"), ("X-Request-Id", "gw-1")],
        html.as_bytes(),
    )
    .await;
    assert_eq!(err.status().unwrap().as_u16(), 502);
    assert_eq!(err.request_id().unwrap().as_str(), "gw-1");
    assert_eq!(err.code(), None);
    assert_eq!(err.body_excerpt(), Some(html));
    assert!(!err.as_api().unwrap().body_is_json());
    assert!(err.as_api().unwrap().is_server_error());
    assert_eq!(
        err.to_string(),
        "HTTP 502 Bad Gateway: <html> <head><title>502 Bad Gateway</title></head> <body>nginx</body> </html> [request_id=gw-1]"
    );
}

#[tokio::test]
async fn empty_error_body() {
    let err = error_for(503, &[("X-Request-Id", "e-1")], b"").await;
    assert_eq!(err.body_excerpt(), Some(""));
    assert_eq!(
        err.to_string(),
        "HTTP 503 Service Unavailable with an empty body [request_id=e-1]"
    );
}

#[tokio::test]
async fn missing_request_id_never_fails_the_call() {
    let err = error_for(
        400,
        &[],
        br#"{"error_code":"IAM.0011","error_msg":"Request body is invalid."}"#,
    )
    .await;
    assert_eq!(err.request_id(), None);
    assert_eq!(
        err.to_string(),
        "IAM.0011 (HTTP 400): Request body is invalid."
    );
}

#[tokio::test]
async fn non_utf8_body_gives_a_valid_excerpt() {
    let err = error_for(500, &[], b"\xFF\xFEerr\x80or").await;
    assert_eq!(err.body_excerpt(), Some("\u{FFFD}\u{FFFD}err\u{FFFD}or"));
}

#[tokio::test]
async fn huge_error_body_is_bounded_in_memory_and_excerpt() {
    let script = Script::Stream {
        head: Arc::new(head(
            500,
            &[("X-Request-Id", "big-1")],
            Some(64 * 1024 * 1024),
        )),
        body_len: 64 * 1024 * 1024,
        fill: b'x',
    };
    let server = RawServer::start(script).await;
    let client = Client::builder()
        .endpoint(server.url())
        .max_body_size(1024 * 1024)
        .error_excerpt_limit(100)
        .build()
        .unwrap();
    let err = client.send(GetAnything).await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status().as_u16(), 500);
    assert_eq!(api.request_id().unwrap().as_str(), "big-1");
    assert_eq!(api.body_excerpt(), "x".repeat(100));
    assert!(api.body_excerpt_truncated());
}

#[tokio::test]
async fn excerpt_is_cut_on_a_character_boundary() {
    let body = "é".repeat(3000); // 6000 bytes, more than the 4 KiB default
    let err = error_for(400, &[], body.as_bytes()).await;
    let excerpt = err.body_excerpt().unwrap();
    assert_eq!(excerpt.len(), 4096);
    assert!(excerpt.chars().all(|c| c == 'é'));
}

#[tokio::test]
async fn deep_nesting_stays_an_api_error() {
    let body = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    let err = error_for(400, &[("X-Request-Id", "deep")], body.as_bytes()).await;
    assert_eq!(err.status().unwrap().as_u16(), 400);
    assert_eq!(err.request_id().unwrap().as_str(), "deep");
    assert_eq!(err.code(), None);
}

/// `depth` objects nested in one another, the innermost holding `1`.
fn nested(depth: usize) -> String {
    format!("{}1{}", r#"{"a": "#.repeat(depth), "}".repeat(depth))
}

#[tokio::test]
async fn json_nested_128_levels_deep_is_not_json_whichever_path_reads_it() {
    // Top level (depth 1) plus a member nested 199 more levels: 200 in all.
    // The pair is at the top, where the fast path reads it; the documented
    // rule says the whole body is not JSON.
    let top_pair = format!(
        r#"{{"error_code": "DEEP.1", "error_msg": "deep", "request_id": "body-rid", "x": {}}}"#,
        nested(199)
    );
    // No pair at the top: the general path searches the nested objects.
    let nested_pair = format!(
        r#"{{"x": {}, "error": {{"error_code": "DEEP.2", "error_msg": "deep"}}}}"#,
        nested(199)
    );
    for body in [&top_pair, &nested_pair] {
        let err = error_for(400, &[("X-Request-Id", "deep-200")], body.as_bytes()).await;
        let api = err.as_api().expect("an API error");
        assert_eq!(api.status().as_u16(), 400);
        assert_eq!(api.request_id().unwrap().as_str(), "deep-200");
        assert_eq!((api.code(), api.message()), (None, None), "{body:.80}");
        assert!(!api.body_is_json(), "{body:.80}");
        assert!(api.body_excerpt().starts_with(&body[..100]));
    }
    // Without the header, the body's `request_id` is not read either.
    let err = error_for(400, &[], top_pair.as_bytes()).await;
    assert_eq!(err.request_id(), None);

    // At the limit: 127 levels in all are JSON, 128 are not, on both paths.
    for (depth, json) in [(127, true), (128, false)] {
        for body in [
            format!(
                r#"{{"error_code": "E", "error_msg": "m", "x": {}}}"#,
                nested(depth - 1)
            ),
            format!(
                r#"{{"x": {}, "e": {{"code": "E", "message": "m"}}}}"#,
                nested(depth - 1)
            ),
        ] {
            let err = error_for(400, &[], body.as_bytes()).await;
            let api = err.as_api().expect("an API error");
            assert_eq!(api.body_is_json(), json, "depth {depth}: {body:.60}");
            assert_eq!(api.code().is_some(), json, "depth {depth}: {body:.60}");
        }
    }
}

#[tokio::test]
async fn too_many_requests_keeps_body_and_retry_after() {
    let err = error_for(
        429,
        &[("Retry-After", "3"), ("X-Request-Id", "r429")],
        br#"{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached"}"#,
    )
    .await;
    assert_eq!(err.code(), Some("APIGW.0308"));
    assert_eq!(err.headers().unwrap()["retry-after"], "3");
}

#[tokio::test]
async fn redirects_and_unknown_success_are_errors() {
    let err = error_for(301, &[("Location", "http://127.0.0.1:1/elsewhere")], b"").await;
    assert_eq!(err.status().unwrap().as_u16(), 301);
    assert!(matches!(err, Error::Api(_)));
}

#[tokio::test]
async fn status_600_and_above_is_an_error() {
    let err = error_for(600, &[], b"{}").await;
    assert_eq!(err.status().unwrap().as_u16(), 600);
}

#[tokio::test]
async fn success_body_that_does_not_decode_is_a_decode_error() {
    let server = RawServer::respond(
        200,
        &[
            ("X-Request-Id", "dec-1"),
            ("Content-Type", "application/json"),
        ],
        br#"{"name": 42}"#,
    )
    .await;
    let err = client(&server.url()).send(GetNamed).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.path(), Some("name"));
    assert_eq!(err.status().unwrap().as_u16(), 200);
    assert_eq!(err.request_id().unwrap().as_str(), "dec-1");
    assert_eq!(err.body_excerpt(), Some(r#"{"name": 42}"#));
    assert!(std::error::Error::source(&err).is_some());
    let shown = err.to_string();
    assert!(
        shown.starts_with("could not decode the HTTP 200 response body at `name`: invalid type"),
        "{shown}"
    );
    assert!(shown.ends_with("[request_id=dec-1]"), "{shown}");
}

#[tokio::test]
async fn empty_success_body_where_one_is_expected() {
    let server = RawServer::respond(200, &[("X-Request-Id", "empty-ok")], b"").await;
    let err = client(&server.url()).send(GetNamed).await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    let shown = err.to_string();
    assert!(
        shown.starts_with("could not decode the HTTP 200 response body: the body is empty, but the response type expects one (missing field `name`"),
        "{shown}"
    );
    assert_eq!(err.request_id().unwrap().as_str(), "empty-ok");
}

#[tokio::test]
async fn success_body_too_large_is_a_decode_error() {
    let script = Script::Stream {
        head: Arc::new(head(
            200,
            &[("X-Request-Id", "big-ok")],
            Some(8 * 1024 * 1024),
        )),
        body_len: 8 * 1024 * 1024,
        fill: b' ',
    };
    let server = RawServer::start(script).await;
    let client = Client::builder()
        .endpoint(server.url())
        .max_body_size(64 * 1024)
        .build()
        .unwrap();
    let err = client.send(GetNamed).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.kind(), cloudwire::DecodeKind::TooLarge);
    assert_eq!(err.request_id().unwrap().as_str(), "big-ok");
}

#[tokio::test]
async fn secrets_in_a_body_never_reach_the_error() {
    let body = br#"{"credentials":{"access_key_id":"HSTAOK","secret_access_key":"SK-SHOULD-NOT-LEAK","security_token":"TOKEN-SHOULD-NOT-LEAK"}}"#;
    let server = RawServer::respond(200, &[], body).await;
    let err = client(&server.url()).send(GetNamed).await.unwrap_err();
    for shown in [
        format!("{err}"),
        format!("{err:?}"),
        err.body_excerpt().unwrap().to_owned(),
    ] {
        assert!(!shown.contains("SHOULD-NOT-LEAK"), "{shown}");
    }
    assert!(err.body_excerpt().unwrap().contains("HSTAOK"));
}

#[tokio::test]
async fn both_request_ids_are_readable_and_the_parts_move_out() {
    let body = br#"{"error_code": "IAM.1003", "error_msg": "The user already exists.", "request_id": "body-7", "password": "hunter2"}"#;
    let err = error_for(409, &[("X-Request-Id", "header-7")], body).await;
    let api = err.as_api().expect("an API error");
    assert_eq!(api.request_id().unwrap().as_str(), "header-7");
    assert_eq!(api.body_request_id(), Some("body-7"));
    // The excerpt, built when asked for, is the redacted one.
    assert!(!format!("{err:?}").contains("hunter2"));
    assert!(api.body_excerpt().contains(r#""password": "***""#));

    let parts = err.into_api().expect("an API error").into_parts();
    assert_eq!(parts.status.as_u16(), 409);
    assert_eq!(parts.code.as_deref(), Some("IAM.1003"));
    assert_eq!(parts.message.as_deref(), Some("The user already exists."));
    assert_eq!(parts.request_id.unwrap().as_str(), "header-7");
    assert_eq!(parts.body_request_id.as_deref(), Some("body-7"));
    assert_eq!(parts.headers["x-request-id"], "header-7");
    assert!(parts.body_is_json);
    assert_eq!(parts.attempts, 1);

    // Without the header, the body's ID is the request ID; an escaped one is decoded.
    let body = br#"{"error":{"code":"A","message":"m","request_id":"b\u002d8"}}"#;
    let err = error_for(400, &[], body).await;
    assert_eq!(err.request_id().unwrap().as_str(), "b-8");
    assert_eq!(err.as_api().unwrap().body_request_id(), Some("b-8"));
    // A body ID past the bytes the excerpt keeps is still read.
    let body = format!(
        r#"{{"error_code": "E", "error_msg": "{}", "request_id": "late-9"}}"#,
        "m".repeat(8000)
    );
    let err = error_for(400, &[("X-Request-Id", "h-9")], body.as_bytes()).await;
    let api = err.as_api().unwrap();
    assert_eq!(api.body_request_id(), Some("late-9"));
    assert_eq!(api.body_excerpt().len(), 4096);
    assert!(api.body_excerpt_truncated());
    assert!(err.into_api().is_ok());
    let other = Error::from(cloudwire::AuthError::new("no key"));
    assert!(other.into_api().is_err());
}
