//! Measures what cloudwire costs over a hand-written reqwest + serde_json call,
//! against the local simulator on loopback, in one run.
//!
//! `cargo bench -p cloudwire-examples --bench overhead` (optimised build). It prints
//! medians and ratios; the numbers in the README come from this program.
//!
//! - call: `client.send(ListInstances)` through `#[endpoint]` + `#[api_response]`
//!   versus the same request built, sent and decoded by hand. Calls alternate
//!   between the two so that drift on the machine hits both alike.
//! - error response: a 400 response turned into the whole `cloudwire::Error`
//!   (and the error-body rule alone, and the error then printed) versus
//!   `serde_json::from_slice` of its body into a struct of 3 Strings.
//! - signing: one signature of a typical request (5 headers, 200-byte JSON
//!   body) with each algorithm versus the plain work of a signature (the body
//!   and canonical request hashed, the string to sign HMAC-ed).
//! - building the request: an endpoint to the `reqwest::Request` the client
//!   hands its transport (token authentication), versus the same request
//!   (URL, headers, body) built by hand with reqwest's builder.
//!
//! The micro-benchmarks run first (`BENCH_ROUNDS=0` runs them alone), each
//! alternating cloudwire and its plain equivalent in 9 rounds and printing the
//! median per-round ratio and the allocations per operation, counted by the
//! counting allocator this binary installs.

use cloudwire::{ApiResponse, Client, RawResponse, RequestId, auth::Token};
use cloudwire_examples::alloc::Counting;
use cloudwire_examples::simulator::Simulator;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use sm3::Sm3;
use std::hint::black_box;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

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

#[cloudwire::api_response(status = 201)]
#[allow(dead_code)]
struct Created {}

#[derive(serde::Serialize)]
struct NewUser {
    name: String,
    domain_id: String,
    description: String,
}

#[cloudwire::endpoint(POST, "/v3.0/OS-USER/users", response = Created)]
struct CreateUser {
    user: NewUser,
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

/// Heap allocations per call of `f` (growing reallocations count), from the
/// counting allocator this binary installs.
fn allocations_per_op(iterations: u32, f: impl Fn()) -> f64 {
    f();
    let before = Counting::allocations();
    for _ in 0..iterations {
        f();
    }
    (Counting::allocations() - before) as f64 / f64::from(iterations)
}

/// A contender measured against its plain equivalent.
struct Compared {
    /// Median nanoseconds per call of the plain equivalent.
    plain: f64,
    /// Median nanoseconds per call of cloudwire (its setup subtracted).
    framework: f64,
    /// Median of the per-round ratios framework / plain.
    ratio: f64,
    plain_allocations: f64,
    allocations: f64,
}

fn middle(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Times `plain` and `framework` in 9 rounds that alternate between them (so
/// that load from other processes hits both alike) and takes medians: of each
/// time and of the per-round ratios. `setup` (a clone of the input that
/// `framework` consumes, which the hand-written code does not pay) is timed in
/// every round and subtracted. Allocations per call from the counting allocator.
fn compare(iterations: u32, setup: impl Fn(), plain: impl Fn(), framework: impl Fn()) -> Compared {
    let batch = iterations / 9;
    let time = |f: &dyn Fn()| {
        let start = Instant::now();
        for _ in 0..batch {
            f();
        }
        start.elapsed().as_nanos() as f64 / f64::from(batch)
    };
    time(&plain);
    time(&framework);
    let (mut plains, mut frameworks, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..9 {
        let base = time(&setup);
        let p = time(&plain);
        let w = time(&framework) - base;
        plains.push(p);
        frameworks.push(w);
        ratios.push(w / p);
    }
    Compared {
        plain: middle(plains),
        framework: middle(frameworks),
        ratio: middle(ratios),
        plain_allocations: allocations_per_op(1000, &plain),
        allocations: allocations_per_op(1000, &framework) - allocations_per_op(1000, &setup),
    }
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct ThreeFields {
    error_code: String,
    error_msg: String,
    request_id: String,
}

fn main() {
    // The micro-benchmarks first, while nothing else in the process allocates.
    error_bodies();
    signing();
    building();
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    if rounds > 0 {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(calls(rounds));
    }
}

/// The limit of a signature: the hashes of the body and of the canonical request
/// and the HMAC of the string to sign, with no allocation at all.
fn plain_signature<H: Digest, M: Mac + KeyInit>(
    algorithm: &str,
    sdk_date: &str,
    scope: Option<&str>,
    key: &[u8],
    (body, canonical): (&[u8], &[u8]),
) -> [u8; 64] {
    black_box(H::digest(body));
    let digest = H::digest(canonical);
    let mut hex = [0u8; 64];
    for (pair, b) in hex.chunks_exact_mut(2).zip(digest.iter()) {
        pair[0] = b"0123456789abcdef"[usize::from(b >> 4)];
        pair[1] = b"0123456789abcdef"[usize::from(b & 15)];
    }
    let mut mac = <M as KeyInit>::new_from_slice(key).expect("key");
    mac.update(algorithm.as_bytes());
    mac.update(b"\n");
    mac.update(sdk_date.as_bytes());
    mac.update(b"\n");
    if let Some(scope) = scope {
        mac.update(scope.as_bytes());
        mac.update(b"\n");
    }
    mac.update(&hex);
    let tag = mac.finalize().into_bytes();
    let mut out = [0u8; 64];
    for (pair, b) in out.chunks_exact_mut(2).zip(tag.iter()) {
        pair[0] = b"0123456789abcdef"[usize::from(b >> 4)];
        pair[1] = b"0123456789abcdef"[usize::from(b & 15)];
    }
    out
}

/// One signature of a typical request (5 headers, a 200-byte JSON body) against
/// its plain equivalent: hashes of the same body and canonical request and an
/// HMAC of the same string to sign (for V11, with the key already derived).
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
    let (access_key, secret_key) = (
        "HPUAEXAMPLEAK0000000",
        "example-secret-key-0123456789abcdefghij",
    );
    let key = SigningKey::new(access_key, secret_key);
    let time = std::time::SystemTime::now();
    let clone = || {
        black_box(request.clone());
    };
    let clone = &clone;
    println!(
        "signing (5 headers, 200-byte JSON body), per signature (ratios: medians of 9 alternating rounds):"
    );
    for algorithm in [
        Algorithm::HmacSha256,
        Algorithm::derived("cn-north-4", "iam"),
        Algorithm::HmacSm3,
    ] {
        let mut once = request.clone();
        let signature = sign(&mut once, &algorithm, &key, time).expect("sign");
        let canonical = signature.canonical_request().as_bytes();
        let sdk_date = once.headers()["x-sdk-date"].to_str().expect("date");
        let derived;
        let (scope, mac_key): (Option<&str>, &[u8]) = match &algorithm {
            Algorithm::DerivedHmacSha256 { .. } => {
                let scope = signature.string_to_sign().lines().nth(2).expect("scope");
                let hkdf =
                    hkdf::Hkdf::<Sha256>::new(Some(access_key.as_bytes()), secret_key.as_bytes());
                let mut okm = [0u8; 32];
                hkdf.expand(scope.as_bytes(), &mut okm).expect("hkdf");
                derived = okm.iter().map(|b| format!("{b:02x}")).collect::<String>();
                (Some(scope), derived.as_bytes())
            }
            _ => (None, secret_key.as_bytes()),
        };
        let name = algorithm.name();
        let input = (request.body().as_slice(), canonical);
        let compute = || match &algorithm {
            Algorithm::HmacSm3 => {
                plain_signature::<Sm3, Hmac<Sm3>>(name, sdk_date, scope, mac_key, input)
            }
            _ => plain_signature::<Sha256, Hmac<Sha256>>(name, sdk_date, scope, mac_key, input),
        };
        // The plain computation gives the same signature.
        assert_eq!(&compute()[..], signature.signature().as_bytes());
        let plain = || {
            black_box(compute());
        };
        let c = compare(90_000, clone, plain, || {
            let mut request = request.clone();
            black_box(sign(&mut request, &algorithm, &key, time).expect("sign"));
        });
        println!(
            "  {name}: cloudwire sign {:.0} ns, {:.1} allocations; \
             hashes + HMAC alone {:.0} ns, {:.1} allocations; ratio {:.2}x",
            c.framework, c.allocations, c.plain, c.plain_allocations, c.ratio
        );
    }
}

/// The output of a future that completes at its first poll (building a
/// request with token authentication never waits).
fn ready<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(output) => output,
        std::task::Poll::Pending => panic!("the future waits"),
    }
}

/// An endpoint to the `reqwest::Request` the client hands its transport
/// (token authentication, nothing sent) against the same request built by
/// hand: URL, `User-Agent`, `Content-Type`, `X-Auth-Token`, body.
fn building() {
    use reqwest::header::{CONTENT_TYPE, HeaderValue, USER_AGENT};
    let base = "https://iam.myhuaweicloud.com";
    let token = "MIIEhQYJKoZIhvcNAQcCoIIEdjCCBHICAQExDTALBglghkgBZQMEAgEwggKXBgkqhkiG9w0BBwGgggKIBIIChHsidG9rZW4iOnsiZXhwaXJlc19hdCI6IjIwMjYtMTItMDNUMDA6MDA6MDAuMDAwMDAwWiJ9fQ";
    let client = Client::builder()
        .endpoint(base)
        .auth(Token::new(token))
        .build()
        .expect("client");
    let http = reqwest::Client::new();
    let list = ListInstances {
        limit: Some(10),
        marker: None,
    };
    let hand_list = || {
        http.get(format!("{base}/v1/instances?limit=10"))
            .header(
                USER_AGENT,
                HeaderValue::from_static(cloudwire::DEFAULT_USER_AGENT),
            )
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header("x-auth-token", token)
            .build()
            .expect("request")
    };
    let ours = ready(cloudwire::__private::transport_request(&client, &list)).expect("request");
    assert_eq!(ours.url(), hand_list().url());
    let create = CreateUser {
        user: NewUser {
            name: "alice".into(),
            domain_id: "d78cbac1".into(),
            description: "x".repeat(64),
        },
    };
    #[derive(serde::Serialize)]
    struct Body<'a> {
        user: &'a NewUser,
    }
    let hand_create = || {
        http.post(format!("{base}/v3.0/OS-USER/users"))
            .header(
                USER_AGENT,
                HeaderValue::from_static(cloudwire::DEFAULT_USER_AGENT),
            )
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header("x-auth-token", token)
            .body(serde_json::to_vec(&Body { user: &create.user }).expect("body"))
            .build()
            .expect("request")
    };
    println!(
        "building the request (endpoint to the transport's reqwest::Request), per request (ratios: medians of 9 alternating rounds):"
    );
    for (name, c) in [
        (
            "list (GET, 1 query pair)",
            compare(
                90_000,
                || {},
                || {
                    black_box(hand_list());
                },
                || {
                    black_box(ready(cloudwire::__private::transport_request(
                        &client, &list,
                    )))
                    .expect("request");
                },
            ),
        ),
        (
            "create (POST, JSON body)",
            compare(
                90_000,
                || {},
                || {
                    black_box(hand_create());
                },
                || {
                    black_box(ready(cloudwire::__private::transport_request(
                        &client, &create,
                    )))
                    .expect("request");
                },
            ),
        ),
    ] {
        println!(
            "  {name}: cloudwire {:.0} ns, {:.1} allocations; by hand {:.0} ns, {:.1} allocations; ratio {:.2}x (target <= 1.2x)",
            c.framework, c.allocations, c.plain, c.plain_allocations, c.ratio
        );
    }
}

async fn calls(rounds: usize) {
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
        .http1_title_case_headers()
        .build()
        .expect("reqwest");
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

/// An error response (400, 186-byte body, `X-Request-Id` header) to the whole
/// `cloudwire::Error` a caller gets, against `serde_json::from_slice` of the body
/// into a struct of 3 Strings.
fn error_bodies() {
    let body: &[u8] = br#"{"error_code": "IAM.0011", "error_msg": "Request body is invalid: the member 'user.name' must be 1 to 64 characters long, it has none.", "request_id": "e311530c3f0b4b1c9d5e6f7a8b951311"}"#;
    let plain = || {
        black_box(serde_json::from_slice::<ThreeFields>(black_box(body)).expect("plain"));
    };
    let plain = &plain;
    let rule = compare(
        270_000,
        || {},
        plain,
        || {
            black_box(cloudwire::__private::bench_parse_error_body(black_box(
                body,
            )));
        },
    );
    let mut headers = cloudwire::http::HeaderMap::new();
    headers.insert(
        "x-request-id",
        "e311530c3f0b4b1c9d5e6f7a8b951311".parse().expect("header"),
    );
    headers.insert("content-type", "application/json".parse().expect("header"));
    let raw = RawResponse::new(
        cloudwire::http::StatusCode::BAD_REQUEST,
        headers,
        body.to_vec(),
    );
    assert_eq!(body.len(), 186);
    let err = ListInstancesResponse::from_raw(raw.clone())
        .err()
        .expect("an error");
    assert_eq!(err.code(), Some("IAM.0011"));
    let clone = || {
        black_box(raw.clone());
    };
    let clone = &clone;
    let whole = compare(270_000, clone, plain, || {
        black_box(ListInstancesResponse::from_raw(black_box(raw.clone())).err());
    });
    let shown = compare(270_000, clone, plain, || {
        let err = ListInstancesResponse::from_raw(black_box(raw.clone())).err();
        black_box(err.map(|e| e.to_string()));
    });
    println!(
        "error response (HTTP 400, {}-byte body), per response (ratios: medians of 9 alternating rounds):",
        body.len()
    );
    println!(
        "  serde_json::from_slice into 3 Strings: {:.0} ns, {:.1} allocations",
        whole.plain, whole.plain_allocations
    );
    for (what, c) in [
        ("cloudwire error-body rule alone (code, message)", &rule),
        (
            "whole cloudwire::Error (what `send` returns), target <= 1.5x",
            &whole,
        ),
        ("the same, then `to_string()`", &shown),
    ] {
        println!(
            "  {what}: {:.0} ns = {:.2}x, {:.1} allocations",
            c.framework, c.ratio, c.allocations
        );
    }
}
