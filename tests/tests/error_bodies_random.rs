//! Error bodies drawn at random (nested objects, arrays, every key the SDK
//! looks for, values of every JSON type), each read by the official SDK's
//! `DefaultExceptionHandler` and recorded in `vectors/error_bodies_random.json`:
//! cloudwire must report the same code, message and
//! `encoded_authorization_message` for every one.

use cloudwire::http::{HeaderMap, StatusCode};
use cloudwire::{ApiError, RawResponse};
use serde_json::Value;

const CASES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vectors/error_bodies_random.json"
));

#[test]
fn random_error_bodies_read_as_the_sdk_reads_them() {
    let doc: Value = serde_json::from_str(CASES).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 300);
    let mut compared = 0;
    let mut failures = Vec::new();
    for case in cases {
        // Where the SDK rendered an object, array or float with Python's repr,
        // cloudwire writes JSON text instead (a documented difference).
        if case["python_repr_value"].as_bool().unwrap() {
            continue;
        }
        let name = case["name"].as_str().unwrap();
        let status = case["status"].as_u64().unwrap() as u16;
        let body = case["body"].as_str().unwrap();
        let raw = RawResponse::new(
            StatusCode::from_u16(status).unwrap(),
            HeaderMap::new(),
            body.to_owned(),
        );
        let err = ApiError::from_response(raw);
        let status_text = status.to_string();
        let got = (
            err.code().unwrap_or(&status_text),
            err.message().unwrap_or(body),
            err.encoded_authorization_message(),
        );
        let sdk = &case["sdk"];
        let want = (
            sdk["code"].as_str().unwrap(),
            sdk["message"].as_str().unwrap(),
            sdk["encoded_authorization_message"].as_str(),
        );
        if got != want {
            failures.push(format!("{name}: {body}\n   got: {got:?}\n  want: {want:?}"));
        }
        compared += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {compared} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(compared >= 250, "only {compared} compared");
}
