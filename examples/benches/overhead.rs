//! Measures what cloudwire costs over a hand-written reqwest + serde_json call,
//! against the local simulator on loopback, in one run.
//!
//! `cargo bench -p cloudwire-examples --bench overhead` (optimised build). It prints
//! medians and ratios; the numbers in the README come from this program.
//!
//! - call: `client.send(ListInstances)` through `#[endpoint]` + `#[api_response]`
//!   versus the same request built, sent and decoded by hand. Calls alternate
//!   between the two so that drift on the machine hits both alike.
//! - error body: reading an error body the way the official SDKs do versus
//!   `serde_json::from_slice` into a plain 3-field struct.
//! - signing: one `SDK-HMAC-SHA256` signature of a typical request.

use cloudwire::{ApiResponse, Client, RawResponse, RequestId, auth::Token};
use cloudwire_examples::simulator::Simulator;
use std::hint::black_box;
use std::time::{Duration, Instant};

#[cloudwire::api_response]
#[allow(dead_code)]
struct ListInstancesResponse {
    instances: Vec<Instance>,
    page_info: PageInfo,
    #[cloudwire(request_id)]
    request_id: Option<RequestId>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Instance {
    identity_store_id: String,
    instance_id: String,
    alias: Option<String>,
    instance_urn: String,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct PageInfo {
    next_marker: Option<String>,
    current_count: u32,
}

#[cloudwire::endpoint(GET, "/v1/instances", response = ListInstancesResponse)]
struct ListInstances {
    #[cloudwire(query)]
    limit: Option<u32>,
    #[cloudwire(query)]
    marker: Option<String>,
}

/// The baseline: what a user writes by hand with reqwest and serde_json.
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct BaselineBody {
    instances: Vec<Instance>,
    page_info: PageInfo,
}

async fn baseline(
    http: &reqwest::Client,
    base: &str,
    token: &str,
) -> (BaselineBody, Option<String>) {
    let response = http
        .get(format!("{base}/v1/instances?limit=10"))
        .header("X-Auth-Token", token)
        .send()
        .await
        .expect("send");
    assert!(response.status().is_success());
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = response.bytes().await.expect("body");
    (serde_json::from_slice(&bytes).expect("decode"), request_id)
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn percentile(samples: &[Duration], p: f64) -> Duration {
    samples[((samples.len() - 1) as f64 * p) as usize]
}

/// Nanoseconds per call of `f`: the fastest of 7 batches, so that load from
/// other processes on the machine does not count.
fn per_op(iterations: u32, f: impl Fn()) -> f64 {
    for _ in 0..iterations / 10 {
        f();
    }
    let batch = iterations / 7;
    (0..7)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..batch {
                f();
            }
            start.elapsed().as_nanos() as f64 / f64::from(batch)
        })
        .fold(f64::INFINITY, f64::min)
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct ThreeFields {
    error_code: String,
    error_msg: String,
    request_id: String,
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(calls());
    error_bodies();
    signing();
}

/// One signature of a typical request: 5 headers, a 200-byte JSON body.
fn signing() {
    use cloudwire::auth::signer::{Algorithm, SigningKey, sign};
    let body = format!(
        r#"{{"user":{{"name":"alice","domain_id":"d78cbac1","description":"{}"}}}}"#,
        "x".repeat(135)
    );
    assert_eq!(body.len(), 200);
    let request = cloudwire::http::Request::post(
        "https://iam.myhuaweicloud.com/v3.0/OS-USER/users?dry_run=false",
    )
    .header("content-type", "application/json;charset=UTF-8")
    .header("user-agent", "cloudwire/0.1.0")
    .header("x-project-id", "0123456789abcdef0123456789abcdef")
    .header("x-request-trace", "bench")
    .header("accept", "application/json")
    .body(body.into_bytes())
    .expect("request");
    let key = SigningKey::new(
        "HPUAEXAMPLEAK0000000",
        "example-secret-key-0123456789abcdefghij",
    );
    let time = std::time::SystemTime::now();
    let clone = per_op(70_000, || {
        black_box(request.clone());
    });
    for (name, algorithm) in [
        ("SDK-HMAC-SHA256", Algorithm::HmacSha256),
        ("V11-HMAC-SHA256", Algorithm::derived("cn-north-4", "iam")),
        ("SDK-HMAC-SM3", Algorithm::HmacSm3),
    ] {
        let ns = per_op(70_000, || {
            let mut request = request.clone();
            black_box(sign(&mut request, &algorithm, &key, time).expect("sign"));
        });
        println!(
            "signing ({name}, 5 headers, 200-byte JSON body): {:.0} ns per signature",
            ns - clone
        );
    }
}

async fn calls() {
    let sim = Simulator::builder()
        .instances(10)
        .start()
        .await
        .expect("simulator");
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(Token::new(sim.token()))
        .build()
        .expect("client");
    // The same request bytes on the wire: cloudwire sends a User-Agent, so does the baseline.
    let http = reqwest::Client::builder()
        .user_agent(cloudwire::DEFAULT_USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest");
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    for _ in 0..200 {
        client
            .send(ListInstances {
                limit: Some(10),
                marker: None,
            })
            .await
            .expect("warm-up");
        baseline(&http, sim.url(), sim.token()).await;
    }
    let mut framework = Vec::with_capacity(rounds);
    let mut hand = Vec::with_capacity(rounds);
    for i in 0..rounds {
        let order = i % 2 == 0;
        for first in [order, !order] {
            let start = Instant::now();
            if first {
                let page = client
                    .send(ListInstances {
                        limit: Some(10),
                        marker: None,
                    })
                    .await
                    .expect("call");
                black_box(page);
                framework.push(start.elapsed());
            } else {
                black_box(baseline(&http, sim.url(), sim.token()).await);
                hand.push(start.elapsed());
            }
        }
    }
    let (f50, h50) = (median(&mut framework), median(&mut hand));
    let (f90, h90) = (percentile(&framework, 0.9), percentile(&hand, 0.9));
    let overhead = (f50.as_nanos() as f64 - h50.as_nanos() as f64) / h50.as_nanos() as f64 * 100.0;
    println!("call over loopback, {rounds} rounds each, alternating:");
    println!("  hand-written reqwest + serde_json: median {h50:?}, p90 {h90:?}");
    println!("  cloudwire #[endpoint] + #[api_response]: median {f50:?}, p90 {f90:?}");
    println!("  overhead at the median: {overhead:+.2}% (target < 3%)");
    sim.shutdown().await;
}

fn error_bodies() {
    let body: &[u8] = br#"{"error_code": "IIC.1215", "error_msg": "only organizations administrator account can operate, please log in to the administrator account!", "request_id": "e311530c3f0b4b1c9d5e6f7a8b951311"}"#;
    let plain = per_op(200_000, || {
        black_box(serde_json::from_slice::<ThreeFields>(black_box(body)).expect("plain"));
    });
    let sdk_rule = per_op(200_000, || {
        black_box(cloudwire::__private::bench_parse_error_body(black_box(
            body,
        )));
    });
    let mut headers = cloudwire::http::HeaderMap::new();
    headers.insert(
        "x-request-id",
        "e311530c3f0b4b1c9d5e6f7a8b951311".parse().expect("header"),
    );
    let raw = RawResponse::new(
        cloudwire::http::StatusCode::FORBIDDEN,
        headers,
        body.to_vec(),
    );
    let whole = per_op(200_000, || {
        black_box(ListInstancesResponse::from_raw(black_box(raw.clone())).err());
    });
    println!("error body ({} bytes):", body.len());
    println!("  serde_json::from_slice into a 3-field struct: {plain:.0} ns");
    println!(
        "  cloudwire error-body rule (code, message, request_id, nested search): {sdk_rule:.0} ns = {:.2}x (target <= 1.5x)",
        sdk_rule / plain
    );
    println!(
        "  whole cloudwire::Error from a 403 response (status, headers, excerpt): {whole:.0} ns = {:.2}x",
        whole / plain
    );
}
