//! Allocation counts of the hot paths, pinned so that a change that allocates
//! more fails here, not in a benchmark nobody runs: signing a typical request,
//! turning an error response into the `Error` a call returns (and then
//! reading it), building the request the HTTP transport is given (beside the
//! same request built by hand with reqwest), and whole calls through the mock
//! transport (no sockets).
//!
//! This file installs a counting global allocator (its own test binary; the
//! tests take one lock, so nothing else allocates alongside). The ceilings are
//! the counts measured when they were set; lower them when a change does better.

use cloudwire::auth::Token;
use cloudwire::auth::signer::{Algorithm, SigningKey, sign};
use cloudwire::auth::{AkSk, Authenticate, Credentials};
use cloudwire::http::{HeaderMap, Request, StatusCode};
use cloudwire::serde_json::json;
use cloudwire::testing::{MockTransport, Reply};
use cloudwire::{ApiResponse, RawResponse, RequestId};
use cloudwire_examples::alloc::Counting;
use cloudwire_examples::services::{iam, identity_center};
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

/// Fails, listing them, when any count is over its pin; prints them all.
fn check(counts: &[(&'static str, u64, u64)]) {
    let mut failed = Vec::new();
    for (what, measured, pinned) in counts {
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

/// One test, so that nothing else in this binary allocates alongside (the
/// counters are global to the process).
#[test]
fn allocations_are_no_more_than_pinned() {
    let mut counts = signing_and_error_paths();
    counts.extend(building_a_request_and_whole_calls());
    check(&counts);
}

fn signing_and_error_paths() -> Vec<(&'static str, u64, u64)> {
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
    // The provider's boxed future, the authentication's own, and the
    // signature's 4 (the `X-Project-Id` value is made with the credentials).
    counts.push(("AkSk authentication (SDK-HMAC-SHA256)", authenticate, 6));

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

    counts
}

const TOKEN: &str = "MIIEhQYJKoZIhvcNAQcCoIIEdjCCBHICAQExDTALBglghkgBZQMEAgEwggKXBgkqhkiG9w0BBwGgggKIBIIChHsidG9rZW4iOnsiZXhwaXJlc19hdCI6IjIwMjYtMTItMDNUMDA6MDA6MDAuMDAwMDAwWiJ9fQ";

fn new_user() -> iam::NewUser {
    iam::NewUser {
        description: Some("x".repeat(64)),
        ..iam::NewUser::new("alice", "d78cbac1")
    }
}

/// The same requests as cloudwire sends them (URL, `User-Agent`,
/// `Content-Type`, `X-Auth-Token`, body), built by hand with reqwest.
mod by_hand {
    use super::{TOKEN, iam};
    use reqwest::header::{CONTENT_TYPE, HeaderValue, USER_AGENT};

    pub fn list(http: &reqwest::Client, base: &str, limit: u32) -> reqwest::Request {
        http.get(format!("{base}/v1/instances?limit={limit}"))
            .header(
                USER_AGENT,
                HeaderValue::from_static(cloudwire::DEFAULT_USER_AGENT),
            )
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header("x-auth-token", TOKEN)
            .build()
            .unwrap()
    }

    #[derive(serde::Serialize)]
    struct Body<'a> {
        user: &'a iam::NewUser,
    }

    pub fn create(http: &reqwest::Client, base: &str, user: &iam::NewUser) -> reqwest::Request {
        http.post(format!("{base}/v3.0/OS-USER/users"))
            .header(
                USER_AGENT,
                HeaderValue::from_static(cloudwire::DEFAULT_USER_AGENT),
            )
            .header(
                CONTENT_TYPE,
                HeaderValue::from_static("application/json;charset=utf-8"),
            )
            .header("x-auth-token", TOKEN)
            .body(serde_json::to_vec(&Body { user }).unwrap())
            .build()
            .unwrap()
    }
}

fn building_a_request_and_whole_calls() -> Vec<(&'static str, u64, u64)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let mock = MockTransport::new();
    let client = mock
        .client_builder()
        .auth(Token::new(TOKEN))
        .build()
        .unwrap();
    let http = reqwest::Client::builder().build().unwrap();
    let list = identity_center::ListInstances {
        limit: Some(10),
        marker: None,
    };
    let create = iam::CreateUser { user: new_user() };
    let mut counts = Vec::new();

    // Building the request the HTTP transport is given (nothing sent), and
    // the same request by hand.
    let build = |endpoint: &dyn Fn() -> reqwest::Request| allocations(endpoint);
    let built_list = allocations(|| {
        runtime
            .block_on(cloudwire::__private::transport_request(&client, &list))
            .unwrap()
    });
    let hand_list = build(&|| by_hand::list(&http, MockTransport::ENDPOINT, 10));
    let built_create = allocations(|| {
        runtime
            .block_on(cloudwire::__private::transport_request(&client, &create))
            .unwrap()
    });
    let hand_create = build(&|| by_hand::create(&http, MockTransport::ENDPOINT, &create.user));
    // The same wire request: URL, headers and body.
    for (ours, theirs) in [
        (
            runtime
                .block_on(cloudwire::__private::transport_request(&client, &list))
                .unwrap(),
            by_hand::list(&http, MockTransport::ENDPOINT, 10),
        ),
        (
            runtime
                .block_on(cloudwire::__private::transport_request(&client, &create))
                .unwrap(),
            by_hand::create(&http, MockTransport::ENDPOINT, &create.user),
        ),
    ] {
        assert_eq!(ours.method(), theirs.method());
        assert_eq!(ours.url(), theirs.url());
        let mut headers: Vec<_> = ours.headers().iter().collect();
        let mut expected: Vec<_> = theirs.headers().iter().collect();
        headers.sort_by_key(|(name, _)| name.as_str());
        expected.sort_by_key(|(name, _)| name.as_str());
        assert_eq!(headers, expected);
        // The bodies differ in spacing only: cloudwire writes JSON as the
        // official SDK does (`", "` and `": "` separators).
    }
    // The endpoint's path, query and values; the URI's path and query in one
    // buffer; the header map (indices and entries); the token and content
    // type values shared; token authentication boxes a future of no size;
    // reqwest's URL copied from the client's, with room for the path and
    // query. As many as by hand, and never more than 5 above.
    println!("building a list request by hand with reqwest: {hand_list} allocations");
    println!("building a create request by hand with reqwest: {hand_create} allocations");
    assert!(built_list <= hand_list + 5, "{built_list} vs {hand_list}");
    assert!(
        built_create <= hand_create + 5,
        "{built_create} vs {hand_create}"
    );
    counts.push((
        "building a list request (GET, 1 query pair, token)",
        built_list,
        7,
    ));
    counts.push((
        "building a create request (POST, JSON body, token)",
        built_create,
        10,
    ));

    // Whole calls through the mock transport: build, prepare, record, answer,
    // decode. The mock's own recording is counted too.
    let one_item = json!({
        "instances": [{
            "identity_store_id": "d-1", "instance_id": "ins-1", "alias": null,
            "instance_urn": "IdentityCenter::system:instance:ins-1",
        }],
        "page_info": {"next_marker": null, "current_count": 1},
    });
    let created = json!({"user": {
        "id": "u-1", "name": "alice", "enabled": true,
        "create_time": "2026-12-02T00:00:00.000000", "domain_id": "d78cbac1",
    }});
    let error = json!({
        "error_code": "IAM.0011",
        "error_msg": "Request body is invalid.",
        "request_id": "e311530c3f0b4b1c9d5e6f7a8b951311",
    });
    let call = |reply: &Reply, f: &mut dyn FnMut()| {
        for _ in 0..5 {
            mock.push(reply.clone());
        }
        let n = allocations(&mut *f);
        mock.assert_done();
        n
    };
    let list_call = call(
        &Reply::json(200, &one_item).request_id("0123456789abcdef"),
        &mut || {
            black_box(runtime.block_on(client.send(&list)).unwrap());
        },
    );
    let create_call = call(
        &Reply::json(201, &created).request_id("0123456789abcdef"),
        &mut || {
            black_box(runtime.block_on(client.send(&create)).unwrap());
        },
    );
    let error_call = call(
        &Reply::json(400, &error).request_id("e311530c3f0b4b1c9d5e6f7a8b951311"),
        &mut || {
            black_box(runtime.block_on(client.send(&list)).unwrap_err());
        },
    );
    // The same list call signed with AK/SK (SDK-HMAC-SHA256, a project ID):
    // 4 more than with a token (the provider's and the step's boxed futures,
    // the signature's buffer and `Authorization` value). The request's header
    // map is sized for what signing adds; were it not, it would grow (24).
    let signing = mock
        .client_builder()
        .auth(AkSk::new(
            Credentials::new(
                "HPUAEXAMPLEAK0000000",
                "example-secret-key-0123456789abcdefghij",
            )
            .with_project_id("0123456789abcdef0123456789abcdef"),
        ))
        .build()
        .unwrap();
    let signed_call = call(
        &Reply::json(200, &one_item).request_id("0123456789abcdef"),
        &mut || {
            black_box(runtime.block_on(signing.send(&list)).unwrap());
        },
    );
    // Everything a call allocates but the transport's own work (the mock
    // records the request and copies the scripted reply instead).
    counts.push(("whole list call through the mock (1 item)", list_call, 18));
    counts.push((
        "whole signed list call through the mock (AK/SK)",
        signed_call,
        22,
    ));
    counts.push(("whole create call through the mock", create_call, 16));
    counts.push(("whole call answered 400 through the mock", error_call, 16));
    counts
}
