//! Allocation counts of the two hot paths that do not touch the network,
//! pinned so that a change that allocates more fails here, not in a benchmark
//! nobody runs: signing a typical request, and turning an error response into
//! the `Error` a call returns (and then reading it).
//!
//! This file installs a counting global allocator (its own test binary, one
//! test, so nothing else allocates alongside). The ceilings are the counts
//! measured when they were set; lower them when a change does better.

use cloudwire::auth::signer::{Algorithm, SigningKey, sign};
use cloudwire::auth::{AkSk, Authenticate, Credentials};
use cloudwire::http::{HeaderMap, Request, StatusCode};
use cloudwire::{ApiResponse, RawResponse, RequestId};
use cloudwire_examples::alloc::Counting;
use std::hint::black_box;
use std::time::{Duration, UNIX_EPOCH};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[cloudwire::api_response]
#[derive(Debug)]
#[allow(dead_code)]
struct Anything {
    #[cloudwire(request_id)]
    request_id: Option<RequestId>,
}

/// Allocations made by `f`, the least of a few runs (the first run may warm a cache).
fn allocations<T>(mut f: impl FnMut() -> T) -> u64 {
    (0..5)
        .map(|_| {
            let before = Counting::allocations();
            black_box(f());
            Counting::allocations() - before
        })
        .min()
        .unwrap_or(u64::MAX)
}

/// The typical signed request: `POST` with 5 headers and a 200-byte JSON body.
fn typical_request() -> Request<Vec<u8>> {
    let body = format!(
        r#"{{"user":{{"name":"alice","domain_id":"d78cbac1","description":"{}"}}}}"#,
        "x".repeat(135)
    );
    Request::post("https://iam.myhuaweicloud.com/v3.0/OS-USER/users?dry_run=false")
        .header("content-type", "application/json;charset=UTF-8")
        .header("user-agent", "cloudwire/0.1.0")
        .header("x-project-id", "0123456789abcdef0123456789abcdef")
        .header("x-request-trace", "bench")
        .header("accept", "application/json")
        .body(body.into_bytes())
        .unwrap()
}

fn error_response() -> RawResponse {
    let mut headers = HeaderMap::new();
    headers.insert(
        "x-request-id",
        "e311530c3f0b4b1c9d5e6f7a8b951311".parse().unwrap(),
    );
    headers.insert("content-type", "application/json".parse().unwrap());
    RawResponse::new(
        StatusCode::BAD_REQUEST,
        headers,
        br#"{"error_code": "IAM.0011", "error_msg": "Request body is invalid.", "request_id": "e311530c3f0b4b1c9d5e6f7a8b951311", "password": "hunter2"}"#.to_vec(),
    )
}

#[test]
fn signing_and_error_paths_allocate_no_more_than_pinned() {
    let key = SigningKey::new(
        "HPUAEXAMPLEAK0000000",
        "example-secret-key-0123456789abcdefghij",
    );
    let time = UNIX_EPOCH + Duration::from_secs(1_795_926_258);
    let mut counts = Vec::new();
    for (name, algorithm) in [
        ("SDK-HMAC-SHA256", Algorithm::HmacSha256),
        ("V11-HMAC-SHA256", Algorithm::derived("cn-north-4", "iam")),
        ("SDK-HMAC-SM3", Algorithm::HmacSm3),
    ] {
        let request = typical_request();
        let mut copies = vec![request; 5].into_iter();
        let signing = allocations(|| {
            let mut request = copies.next().unwrap();
            let signature = sign(&mut request, &algorithm, &key, time).unwrap();
            (request, signature)
        });
        // One buffer for the canonical request, string to sign and signature;
        // the `Authorization` value; the header map grown for the three headers
        // added. (`X-Sdk-Date` and `Host` values are shared with the thread's
        // previous signature in the same second, to the same host.)
        counts.push((name, signing, 4));
    }

    // The whole AK/SK step a client runs per request: credentials from the
    // provider, `X-Project-Id`, the signature.
    let at = time;
    let aksk = AkSk::new(
        Credentials::new(
            "HPUAEXAMPLEAK0000000",
            "example-secret-key-0123456789abcdefghij",
        )
        .with_project_id("0123456789abcdef0123456789abcdef"),
    )
    .with_clock(move || at);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let (parts, body) = typical_request().into_parts();
    let mut parts = parts;
    parts.headers.remove("x-project-id");
    let request = Request::from_parts(parts, cloudwire::bytes::Bytes::from(body));
    let mut copies = vec![request; 5].into_iter();
    let authenticate = allocations(|| {
        let mut request = copies.next().unwrap();
        runtime.block_on(aksk.authenticate(&mut request)).unwrap();
        request
    });
    // The provider's boxed future, the authentication's own, the
    // `X-Project-Id` value, and the signature's 4.
    counts.push(("AkSk authentication (SDK-HMAC-SHA256)", authenticate, 7));

    let raw = error_response();
    let mut copies = vec![raw; 5].into_iter();
    let build = allocations(|| Anything::from_raw(copies.next().unwrap()).unwrap_err());
    // The boxed error, its code and its message: the excerpt and request ID wait.
    counts.push(("Error from a 400 response", build, 3));

    let err = Anything::from_raw(error_response()).unwrap_err();
    let read_id = allocations(|| err.request_id().map(RequestId::as_str).map(str::len));
    // Found on the first read, then kept.
    counts.push(("reading its request ID again", read_id, 0));
    let err = Anything::from_raw(error_response()).unwrap_err();
    let first_read = {
        let before = Counting::allocations();
        black_box(err.request_id());
        Counting::allocations() - before
    };
    counts.push(("reading its request ID once", first_read, 1));
    let first_excerpt = {
        let before = Counting::allocations();
        black_box(err.body_excerpt());
        Counting::allocations() - before
    };
    // The redacted copy of the body's text, and nothing else.
    counts.push(("building its excerpt once", first_excerpt, 1));
    assert!(err.body_excerpt().unwrap().contains(r#""password": "***""#));
    let again = allocations(|| err.body_excerpt().map(str::len));
    counts.push(("reading its excerpt again", again, 0));

    let mut failed = Vec::new();
    for (what, measured, pinned) in &counts {
        println!("{what}: {measured} allocations (pinned at most {pinned})");
        if measured > pinned {
            failed.push(format!(
                "{what}: {measured} allocations, pinned at most {pinned}"
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "more allocations than pinned:\n{}",
        failed.join("\n")
    );
}
