//! Compressed responses over a real socket: gzip and deflate bodies are decoded
//! as the official SDK (Python `requests`) decodes them, the body limit bounds
//! the decoded bytes, `Accept-Encoding` is sent, and it is never signed.

use cloudwire::auth::signer;
use cloudwire::auth::{AkSk, Credentials};
use cloudwire::http::{HeaderName, HeaderValue, Request};
use cloudwire::{Client, DecodeKind, Error, RequestId};
use cloudwire_tests::RawServer;
use flate2::Compression;
use flate2::write::{GzEncoder, ZlibEncoder};
use std::io::Write;

#[cloudwire::api_response]
#[derive(Debug)]
struct Named {
    name: String,
    #[cloudwire(request_id)]
    request_id: Option<RequestId>,
}

#[cloudwire::endpoint(GET, "/v1/named", response = Named)]
struct GetNamed;

const ERROR_BODY: &str = r#"{"error_code": "IAM.0011", "error_msg": "Request body is invalid."}"#;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// HTTP's `deflate` coding: a zlib stream (RFC 9110, 8.4.1.2).
fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A gzip stream of `len` spaces: about a thousandth of `len` on the wire.
fn gzip_bomb(len: usize) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    let block = vec![b' '; 64 * 1024];
    let mut left = len;
    while left > 0 {
        let n = left.min(block.len());
        encoder.write_all(&block[..n]).unwrap();
        left -= n;
    }
    encoder.finish().unwrap()
}

fn client(url: &str) -> Client {
    Client::builder().endpoint(url).build().unwrap()
}

/// The headers of the first request `server` received, names lower-cased.
async fn request_headers(server: &RawServer) -> Vec<(String, String)> {
    let raw = String::from_utf8(server.requests().await[0].clone()).unwrap();
    let head = raw.split("\r\n\r\n").next().unwrap();
    head.lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect()
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The codings an `Accept-Encoding` value lists.
fn codings(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|c| !c.is_empty())
        .collect()
}

async fn compressed_error(encoding: &str, body: Vec<u8>) -> (RawServer, Error) {
    let server = RawServer::respond(
        400,
        &[
            ("Content-Type", "application/json"),
            ("Content-Encoding", encoding),
            ("X-Request-Id", "rid-compressed"),
        ],
        body,
    )
    .await;
    let err = client(&server.url()).send(GetNamed).await.unwrap_err();
    (server, err)
}

fn assert_decoded_api_error(err: &Error) {
    let Error::Api(api) = err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(api.status().as_u16(), 400);
    assert_eq!(api.code(), Some("IAM.0011"));
    assert_eq!(api.message(), Some("Request body is invalid."));
    assert_eq!(api.request_id().unwrap().as_str(), "rid-compressed");
    assert!(api.body_is_json());
    assert_eq!(api.body_excerpt(), ERROR_BODY);
    assert_eq!(
        err.to_string(),
        "IAM.0011 (HTTP 400): Request body is invalid. [request_id=rid-compressed]"
    );
}

#[tokio::test]
async fn gzip_error_body_keeps_code_message_and_request_id() {
    let (_server, err) = compressed_error("gzip", gzip(ERROR_BODY.as_bytes())).await;
    assert_decoded_api_error(&err);
}

#[tokio::test]
async fn deflate_error_body_keeps_code_message_and_request_id() {
    let (_server, err) = compressed_error("deflate", deflate(ERROR_BODY.as_bytes())).await;
    assert_decoded_api_error(&err);
}

#[tokio::test]
async fn gzip_success_body_decodes() {
    let server = RawServer::respond(
        200,
        &[
            ("Content-Type", "application/json"),
            ("Content-Encoding", "gzip"),
            ("X-Request-Id", "rid-ok"),
        ],
        gzip(br#"{"name": "alice"}"#),
    )
    .await;
    let named = client(&server.url()).send(GetNamed).await.unwrap();
    assert_eq!(named.name, "alice");
    assert_eq!(named.request_id.unwrap().as_str(), "rid-ok");
}

#[tokio::test]
async fn requests_accept_gzip_and_deflate() {
    let server = RawServer::respond(200, &[], br#"{"name": "a"}"#).await;
    client(&server.url()).send(GetNamed).await.unwrap();
    let headers = request_headers(&server).await;
    let accept = header(&headers, "accept-encoding").expect("an Accept-Encoding header");
    let codings = codings(accept);
    assert!(
        codings.contains(&"gzip".to_owned()) && codings.contains(&"deflate".to_owned()),
        "{accept}"
    );
}

#[tokio::test]
async fn a_body_limit_bounds_the_decoded_bytes() {
    // 8 MiB of spaces, about 8 KiB on the wire, against a 64 KiB limit.
    let bomb = gzip_bomb(8 * 1024 * 1024);
    assert!(bomb.len() < 64 * 1024, "{}", bomb.len());

    // A success body: a decode error that says the body was too large.
    let server = RawServer::respond(
        200,
        &[("Content-Encoding", "gzip"), ("X-Request-Id", "bomb-ok")],
        &bomb,
    )
    .await;
    let limited = |url: &str| {
        Client::builder()
            .endpoint(url)
            .max_body_size(64 * 1024)
            .error_excerpt_limit(100)
            .build()
            .unwrap()
    };
    let err = limited(&server.url()).send(GetNamed).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(decode.kind(), DecodeKind::TooLarge);
    assert_eq!(err.request_id().unwrap().as_str(), "bomb-ok");
    assert!(
        err.to_string()
            .contains("the body is larger than the limit of 65536 bytes"),
        "{err}"
    );

    // An error body: cut at the limit, the error keeps its bounded excerpt.
    let server = RawServer::respond(
        500,
        &[("Content-Encoding", "gzip"), ("X-Request-Id", "bomb-err")],
        &bomb,
    )
    .await;
    let err = limited(&server.url()).send(GetNamed).await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status().as_u16(), 500);
    assert_eq!(api.request_id().unwrap().as_str(), "bomb-err");
    assert_eq!(api.body_excerpt(), " ".repeat(100));
    assert!(api.body_excerpt_truncated());
}

#[tokio::test]
async fn a_supplied_reqwest_client_decodes_too() {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let server = RawServer::respond(
        400,
        &[
            ("Content-Encoding", "gzip"),
            ("X-Request-Id", "rid-compressed"),
        ],
        gzip(ERROR_BODY.as_bytes()),
    )
    .await;
    let client = Client::builder()
        .endpoint(server.url())
        .reqwest_client(http)
        .build()
        .unwrap();
    let err = client.send(GetNamed).await.unwrap_err();
    assert_decoded_api_error(&err);
    let headers = request_headers(&server).await;
    assert!(header(&headers, "accept-encoding").is_some(), "{headers:?}");
}

#[tokio::test]
async fn a_supplied_client_without_decompression_asks_for_none() {
    // cloudwire never claims a coding the client underneath would not decode.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_gzip()
        .no_deflate()
        .build()
        .unwrap();
    let server = RawServer::respond(200, &[], br#"{"name": "plain"}"#).await;
    let client = Client::builder()
        .endpoint(server.url())
        .reqwest_client(http)
        .build()
        .unwrap();
    assert_eq!(client.send(GetNamed).await.unwrap().name, "plain");
    let headers = request_headers(&server).await;
    assert_eq!(header(&headers, "accept-encoding"), None, "{headers:?}");
}

#[tokio::test]
async fn accept_encoding_is_sent_but_not_signed() {
    let server = RawServer::respond(
        200,
        &[("Content-Encoding", "gzip")],
        gzip(br#"{"name": "signed"}"#),
    )
    .await;
    let client = Client::builder()
        .endpoint(server.url())
        .auth(AkSk::new(Credentials::new("AK", "SK-compression")))
        .build()
        .unwrap();
    assert_eq!(client.send(GetNamed).await.unwrap().name, "signed");

    let headers = request_headers(&server).await;
    assert!(header(&headers, "accept-encoding").is_some(), "{headers:?}");
    let mut request = Request::get("/v1/named").body(Vec::new()).unwrap();
    for (name, value) in &headers {
        request.headers_mut().append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    let authorization = signer::verify(&request, "SK-compression").expect("the signature holds");
    assert!(
        !authorization
            .signed_headers()
            .iter()
            .any(|name| name == "accept-encoding"),
        "{:?}",
        authorization.signed_headers()
    );
    assert!(
        authorization.signed_headers().iter().any(|n| n == "host"),
        "{:?}",
        authorization.signed_headers()
    );
}

#[tokio::test]
async fn a_corrupt_compressed_body_is_a_transport_error_that_says_so() {
    let corrupt = b"\x1f\x8b\x08\x00 not a gzip stream".to_vec();
    let (_server, err) = compressed_error("gzip", corrupt).await;
    let Error::Transport(transport) = &err else {
        panic!("expected Error::Transport, got {err:?}")
    };
    assert_eq!(transport.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.request_id().unwrap().as_str(), "rid-compressed");
    assert!(
        err.to_string().starts_with(
            "could not decompress the body after HTTP 400 [request_id=rid-compressed]"
        ),
        "{err}"
    );
}
