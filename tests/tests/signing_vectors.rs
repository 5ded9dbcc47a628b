//! Signs every request of `vectors/signing.json` (generated from the official Python SDK, see
//! `vectors/README.md`) and compares each intermediate and final value byte for byte.

use std::time::{Duration, UNIX_EPOCH};

use cloudwire::auth::signer::{self, Algorithm, Authorization, SignError, SigningKey};
use cloudwire::http::{HeaderName, HeaderValue, Method, Request};
use serde_json::Value;

/// Vectors whose caller-set `X-Sdk-Content-Sha256` is not the body's hash: the SDK signs them
/// as given, the verifier rejects them.
const VERIFY_REJECTS: &[&str] = &["caller-content-sha256-with-json-body"];

const VECTORS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/signing.json"));
const RANDOM_VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vectors/signing_random.json"
));
const ACCESS_KEY_VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vectors/signing_access_keys.json"
));

fn text<'v>(vector: &'v Value, key: &str) -> &'v str {
    vector[key]
        .as_str()
        .unwrap_or_else(|| panic!("vector field `{key}` is not a string"))
}

fn pairs(value: &Value) -> Vec<(String, String)> {
    value
        .as_array()
        .expect("header list")
        .iter()
        .map(|pair| {
            let pair = pair.as_array().expect("[name, value]");
            (
                pair[0].as_str().expect("name").to_owned(),
                pair[1].as_str().expect("value").to_owned(),
            )
        })
        .collect()
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        acc = (acc << 6) | u32::from(value(c));
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn algorithm(vector: &Value) -> Algorithm {
    match text(vector, "algorithm") {
        "SDK-HMAC-SHA256" => Algorithm::HmacSha256,
        "V11-HMAC-SHA256" => Algorithm::derived(text(vector, "region"), text(vector, "service")),
        "SDK-HMAC-SM3" => Algorithm::HmacSm3,
        other => panic!("unknown algorithm {other}"),
    }
}

fn request(vector: &Value) -> Request<Vec<u8>> {
    let body = match vector.get("body_base64").and_then(Value::as_str) {
        Some(b64) => base64_decode(b64),
        None => vector["body"].as_str().unwrap_or("").as_bytes().to_vec(),
    };
    let mut request = Request::new(body);
    *request.method_mut() = Method::from_bytes(text(vector, "method").as_bytes()).expect("method");
    *request.uri_mut() = text(vector, "url").parse().expect("url");
    for (name, value) in pairs(&vector["headers"]) {
        request.headers_mut().append(
            HeaderName::from_bytes(name.as_bytes()).expect("header name"),
            HeaderValue::from_bytes(value.as_bytes()).expect("header value"),
        );
    }
    request
}

fn sorted_headers(request: &Request<Vec<u8>>) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8(value.as_bytes().to_vec()).expect("utf-8 value");
            (name.as_str().to_owned(), value)
        })
        .collect();
    headers.sort();
    headers
}

#[test]
fn every_vector_matches_the_python_sdk() {
    check_all(VECTORS, 30);
}

#[test]
fn every_random_vector_matches_the_python_sdk() {
    check_all(RANDOM_VECTORS, 150);
}

/// Access keys with inner spaces, `=`, `+` and (outside V11) `/`: the SDK signs them as
/// they are, and so does cloudwire.
#[test]
fn access_keys_with_spaces_and_symbols_match_the_python_sdk() {
    check_all(ACCESS_KEY_VECTORS, 5);
}

fn check_all(file: &str, at_least: usize) {
    let doc: Value = serde_json::from_str(file).expect("vectors file is JSON");
    assert!(text(&doc, "source").starts_with("huaweicloudsdkcore "));
    let vectors = doc["vectors"].as_array().expect("vectors");
    assert!(
        vectors.len() >= at_least,
        "expected at least {at_least} vectors"
    );

    let mut failures = Vec::new();
    for vector in vectors {
        let name = text(vector, "name");
        let expected = &vector["expected"];
        let algorithm = algorithm(vector);
        let mut key = SigningKey::new(text(vector, "ak"), text(vector, "sk"));
        if let Some(token) = vector["security_token"].as_str() {
            key = key.with_security_token(token);
        }
        let time =
            UNIX_EPOCH + Duration::from_secs(vector["time_unix"].as_u64().expect("time_unix"));
        let mut request = request(vector);

        let signature = match signer::sign(&mut request, &algorithm, &key, time) {
            Ok(signature) => signature,
            Err(error) => {
                failures.push(format!("{name}: sign failed: {error}"));
                continue;
            }
        };
        let mut check = |what: &str, got: &str, want: &str| {
            if got != want {
                failures.push(format!("{name}: {what}\n   got: {got:?}\n  want: {want:?}"));
            }
        };
        check(
            "canonical request",
            signature.canonical_request(),
            text(expected, "canonical_request"),
        );
        check(
            "string to sign",
            signature.string_to_sign(),
            text(expected, "string_to_sign"),
        );
        check(
            "signed headers",
            signature.signed_headers(),
            text(expected, "signed_headers"),
        );
        check(
            "signature",
            signature.signature(),
            text(expected, "signature"),
        );
        let authorization = request.headers()["authorization"]
            .to_str()
            .unwrap_or("<not ascii>");
        check(
            "authorization",
            authorization,
            text(expected, "authorization"),
        );
        check("url", &request.uri().to_string(), text(expected, "url"));

        let mut want: Vec<(String, String)> = pairs(&expected["headers"])
            .into_iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), value))
            .collect();
        want.sort();
        let got = sorted_headers(&request);
        if got != want {
            failures.push(format!(
                "{name}: headers\n   got: {got:?}\n  want: {want:?}"
            ));
        }

        // The verifier's path reproduces the same canonical request and accepts the request.
        let parsed = Authorization::from_request(&request).expect("own authorization parses");
        let names: Vec<&str> = parsed.signed_headers().iter().map(String::as_str).collect();
        match signer::canonical_request(&request, &algorithm, &names) {
            Ok(canonical) if canonical == text(expected, "canonical_request") => {}
            Ok(canonical) => failures.push(format!("{name}: canonical_request(): {canonical:?}")),
            Err(error) => failures.push(format!("{name}: canonical_request(): {error}")),
        }
        let verified = parsed.verify(&request, text(vector, "sk"));
        if VERIFY_REJECTS.contains(&name) {
            if verified != Err(SignError::BodyHashMismatch) {
                failures.push(format!(
                    "{name}: verify: {verified:?}, want BodyHashMismatch"
                ));
            }
        } else if let Err(error) = verified {
            failures.push(format!("{name}: verify: {error}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches in {} vectors:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
}
