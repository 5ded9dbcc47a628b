//! Error bodies drawn at random (nested objects, arrays, every key the SDK
//! looks for, values of every JSON type), each read by the official SDK's
//! `DefaultExceptionHandler` and recorded in `vectors/error_bodies_random.json`:
//! served one after another from a loopback socket, cloudwire must report the
//! same code, message and `encoded_authorization_message` for every one.

use cloudwire::{Client, Error};
use cloudwire_tests::{RawServer, Script, response};
use serde_json::Value;
use std::sync::Arc;

#[cloudwire::api_response]
struct Nothing {}

#[cloudwire::endpoint(GET, "/v1/anything", response = Nothing)]
struct GetAnything;

const CASES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vectors/error_bodies_random.json"
));

#[tokio::test]
async fn random_error_bodies_read_as_the_sdk_reads_them() {
    let doc: Value = serde_json::from_str(CASES).unwrap();
    let cases: Vec<&Value> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        // Where the SDK rendered an object, array or float with Python's repr,
        // cloudwire writes JSON text instead (a documented difference).
        .filter(|case| !case["python_repr_value"].as_bool().unwrap())
        .collect();
    assert!(cases.len() >= 250, "only {} comparable cases", cases.len());
    let responses = cases
        .iter()
        .map(|case| {
            let status = case["status"].as_u64().unwrap() as u16;
            response(
                status,
                &[("Content-Type", "application/json")],
                case["body"].as_str().unwrap().as_bytes(),
            )
        })
        .collect();
    let server = RawServer::start(Script::Sequence(Arc::new(responses))).await;
    // One response per case: no retries.
    let client = Client::builder()
        .endpoint(server.url())
        .retry(cloudwire::retry::RetryPolicy::none())
        .build()
        .unwrap();
    let mut compared = 0;
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let status = case["status"].as_u64().unwrap() as u16;
        let body = case["body"].as_str().unwrap();
        let Err(Error::Api(err)) = client.send(GetAnything).await else {
            panic!("{name}: expected Error::Api");
        };
        assert_eq!(err.status().as_u16(), status, "{name}");
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
    assert_eq!(server.hits(), compared, "one request per case, in order");
}
