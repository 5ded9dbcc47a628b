//! Faults injected by raw TCP servers on 127.0.0.1: each case asserts the
//! error kind, the attempts made, the delays, and that status and request ID
//! survive when they arrived.

use cloudwire::auth::{AkSk, BoxFuture, Credentials, ProvideCredentials};
use cloudwire::retry::{Backoff, Outcome, RetryDecision, RetryPolicy};
use cloudwire::{Client, Error, RequestId, TimeoutKind};
use cloudwire_tests::{RawServer, Script, head, response};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

#[cloudwire::api_response]
#[derive(Debug)]
struct Thing {
    #[serde(default)]
    name: String,
    #[cloudwire(request_id)]
    request_id: Option<RequestId>,
}

#[cloudwire::endpoint(GET, "/v1/things/{id}", response = Thing)]
struct GetThing {
    #[cloudwire(path)]
    id: String,
}

#[cloudwire::endpoint(POST, "/v1/things", response = Thing)]
struct CreateThing {
    name: String,
}

#[cloudwire::endpoint(POST, "/v1/things/batch", response = Thing, idempotent, max_attempts = 4)]
struct CreateThingsSafely {
    token: String,
}

fn get() -> GetThing {
    GetThing { id: "t1".into() }
}

fn post() -> CreateThing {
    CreateThing { name: "n".into() }
}

/// A quick backoff, so the suite is fast, with bounds the tests can check.
fn quick() -> RetryPolicy {
    RetryPolicy::default().with_backoff(Backoff::exponential(
        Duration::from_millis(20),
        Duration::from_millis(80),
    ))
}

fn client(server: &RawServer) -> Client {
    Client::builder()
        .endpoint(server.url())
        .retry(quick())
        .build()
        .unwrap()
}

fn ok(id: &str) -> Script {
    Script::Bytes(Arc::new(response(
        200,
        &[("X-Request-Id", id), ("Content-Type", "application/json")],
        br#"{"name": "thing"}"#,
    )))
}

fn status(code: u16, id: &str, extra: &[(&str, &str)], body: &[u8]) -> Script {
    let mut headers = vec![("X-Request-Id", id)];
    headers.extend_from_slice(extra);
    Script::Bytes(Arc::new(response(code, &headers, body)))
}

fn each(scripts: Vec<Script>) -> Script {
    Script::Each(Arc::new(scripts))
}

fn ids(err: &Error) -> Vec<&str> {
    err.earlier_request_ids()
        .iter()
        .map(RequestId::as_str)
        .collect()
}

// ---- retried, and what the final error keeps ----

#[tokio::test]
async fn a_503_then_success_is_one_successful_call() {
    let server = RawServer::start(each(vec![status(503, "r-1", &[], b""), ok("r-2")])).await;
    let thing = client(&server).send(get()).await.unwrap();
    assert_eq!(thing.name, "thing");
    assert_eq!(thing.request_id.unwrap().as_str(), "r-2");
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn every_retryable_status_is_retried_for_get_and_the_error_keeps_every_id() {
    for code in [429, 500, 502, 503, 504] {
        let server = RawServer::start(each(vec![
            status(code, "a-1", &[], b"{}"),
            status(code, "a-2", &[], b"{}"),
            status(
                code,
                "a-3",
                &[("Content-Type", "application/json")],
                br#"{"error_code": "SVC.5000", "error_msg": "busy"}"#,
            ),
        ]))
        .await;
        let err = client(&server).send(get()).await.unwrap_err();
        assert!(matches!(err, Error::Api(_)), "{code}: {err:?}");
        assert_eq!(err.status().unwrap().as_u16(), code);
        assert_eq!(err.attempts(), 3, "{code}");
        assert_eq!(err.request_id().unwrap().as_str(), "a-3");
        assert_eq!(ids(&err), ["a-1", "a-2"]);
        assert_eq!(err.code(), Some("SVC.5000"));
        assert!(err.to_string().contains("(3 attempts)"), "{err}");
        assert_eq!(server.hits(), 3);
    }
}

#[tokio::test]
async fn other_client_errors_are_not_retried() {
    for code in [400, 401, 403, 404, 409, 501] {
        let server = RawServer::start(status(code, "x", &[], b"{}")).await;
        let err = client(&server).send(get()).await.unwrap_err();
        assert_eq!(err.status().unwrap().as_u16(), code);
        assert_eq!(err.attempts(), 1);
        assert_eq!(server.hits(), 1, "{code}");
    }
}

#[tokio::test]
async fn a_throttling_code_is_retried_whatever_the_status() {
    let throttled = br#"{"error_code": "APIGW.0308", "error_msg": "The request is throttled."}"#;
    let server = RawServer::start(each(vec![
        status(400, "t-1", &[], throttled),
        status(403, "t-2", &[], throttled),
        ok("t-3"),
    ]))
    .await;
    client(&server).send(get()).await.unwrap();
    assert_eq!(server.hits(), 3);
    // A code of the user's own counts too; without it, a 400 is final.
    let busy = br#"{"error_code": "IAM.0100", "error_msg": "busy"}"#;
    let server = RawServer::start(each(vec![status(400, "u-1", &[], busy), ok("u-2")])).await;
    let err = client(&server).send(get()).await.unwrap_err();
    assert_eq!((err.attempts(), server.hits()), (1, 1));
    let client = Client::builder()
        .endpoint(server.url())
        .retry(quick().with_throttling_code("IAM.0100"))
        .build()
        .unwrap();
    client.send(get()).await.unwrap();
}

#[tokio::test]
async fn backoff_delays_are_within_bounds() {
    let server = RawServer::start(status(503, "d", &[], b"")).await;
    let client = Client::builder()
        .endpoint(server.url())
        .retry(
            RetryPolicy::default()
                .with_max_attempts(4)
                .with_backoff(Backoff::exponential(
                    Duration::from_millis(50),
                    Duration::from_millis(100),
                )),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.send(get()).await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err.attempts(), 4);
    // 50 + 100 + 100 ms of waits, plus four loopback round trips.
    assert!(elapsed >= Duration::from_millis(250), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(2000), "{elapsed:?}");
}

// ---- Retry-After ----

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = RawServer::start(each(vec![
        status(429, "ra-1", &[("Retry-After", "1")], b""),
        ok("ra-2"),
    ]))
    .await;
    let started = Instant::now();
    client(&server).send(get()).await.unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(950), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[tokio::test]
async fn a_retry_after_past_the_cap_or_the_deadline_returns_the_error_at_once() {
    let server = RawServer::start(status(429, "cap", &[("Retry-After", "3600")], b"")).await;
    let started = Instant::now();
    let err = client(&server).send(get()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(err.request_id().unwrap().as_str(), "cap");

    // Within the cap, but more than the call's total time leaves.
    let server = RawServer::start(status(503, "dl", &[("Retry-After", "5")], b"")).await;
    let started = Instant::now();
    let err = client(&server)
        .call(get())
        .timeout(Duration::from_secs(2))
        .send()
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(
        (err.attempts(), err.retry_after()),
        (1, Some(Duration::from_secs(5)))
    );
}

#[tokio::test]
async fn a_429_storm_without_retry_after_ends_after_the_attempts() {
    let server = RawServer::start(status(429, "s", &[], b"")).await;
    let err = client(&server)
        .call(get())
        .max_attempts(6)
        .send()
        .await
        .unwrap_err();
    assert_eq!((err.attempts(), server.hits()), (6, 6));
    assert_eq!(err.status().unwrap().as_u16(), 429);
    assert_eq!(err.retry_after(), None);
}

// ---- no POST is ever sent twice by default ----

#[tokio::test]
async fn by_default_no_post_is_ever_sent_twice() {
    let throttled = br#"{"error_code": "APIGW.0308", "error_msg": "throttled"}"#;
    let faults = [
        status(503, "p", &[], b""),
        status(429, "p", &[("Retry-After", "0")], b""),
        status(500, "p", &[], b""),
        status(400, "p", &[], throttled),
        Script::Reset,
        Script::Close,
        Script::Bytes(Arc::new(b"garbage, not HTTP\r\n\r\n".to_vec())),
        Script::Stall(Arc::new(Vec::new()), Duration::from_secs(5)),
    ];
    for (i, fault) in faults.into_iter().enumerate() {
        let server = RawServer::start(fault).await;
        let result = client(&server)
            .call(post())
            .attempt_timeout(Duration::from_millis(300))
            .send()
            .await;
        let err = result.unwrap_err();
        assert_eq!(err.attempts(), 1, "fault {i}: {err:?}");
        assert_eq!(server.hits(), 1, "fault {i}: the POST was sent once");
    }
    // A PATCH neither.
    #[cloudwire::endpoint(PATCH, "/v1/things/{id}", response = Thing)]
    struct Rename {
        #[cloudwire(path)]
        id: String,
        name: String,
    }
    let server = RawServer::start(status(503, "p", &[], b"")).await;
    let err = client(&server)
        .send(Rename {
            id: "t".into(),
            name: "m".into(),
        })
        .await
        .unwrap_err();
    assert_eq!((err.attempts(), server.hits()), (1, 1));
}

#[tokio::test]
async fn a_post_declared_idempotent_is_retried_with_its_body_replayed() {
    let server = RawServer::start(each(vec![
        status(503, "b-1", &[], b""),
        Script::Reset,
        ok("b-3"),
    ]))
    .await;
    let thing = client(&server)
        .send(CreateThingsSafely {
            token: "once-only-token".into(),
        })
        .await
        .unwrap();
    assert_eq!(thing.request_id.unwrap().as_str(), "b-3");
    let requests = server.requests().await;
    assert_eq!(requests.len(), 3);
    for raw in &requests {
        assert!(raw.ends_with(br#"{"token": "once-only-token"}"#));
    }
    // The endpoint's own `max_attempts = 4` applies.
    let server = RawServer::start(status(503, "m", &[], b"")).await;
    let err = client(&server)
        .send(CreateThingsSafely { token: "t".into() })
        .await
        .unwrap_err();
    assert_eq!((err.attempts(), server.hits()), (4, 4));
    // And a call can still say otherwise.
    let err = client(&server)
        .call(CreateThingsSafely { token: "t".into() })
        .max_attempts(1)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1);
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_any_method() {
    // A port that was just free: connecting is refused, nothing is sent.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .endpoint(url)
        .retry(quick())
        .build()
        .unwrap();
    let err = client.send(post()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.is_connect(), "{err:?}");
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.status(), None);
}

// ---- transport faults on idempotent calls ----

#[tokio::test]
async fn resets_and_dropped_connections_are_retried_for_get() {
    for fault in [Script::Reset, Script::Close] {
        let server = RawServer::start(each(vec![fault, ok("g-2")])).await;
        let thing = client(&server).send(get()).await.unwrap();
        assert_eq!(thing.request_id.unwrap().as_str(), "g-2");
        assert_eq!(server.hits(), 2);
    }
}

#[tokio::test]
async fn a_body_cut_short_keeps_status_and_request_id() {
    let cut = head(200, &[("X-Request-Id", "short-1")], Some(100));
    let mut bytes = cut.clone();
    bytes.extend_from_slice(br#"{"name": "#);
    let server = RawServer::start(Script::Bytes(Arc::new(bytes))).await;
    let err = client(&server).send(get()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.status().unwrap().as_u16(), 200);
    assert_eq!(err.request_id().unwrap().as_str(), "short-1");
    assert_eq!(err.attempts(), 3, "a GET whose body was cut is tried again");
    // Reset mid-body: the same.
    let server = RawServer::start(Script::Chunks {
        parts: Arc::new(vec![
            head(503, &[("X-Request-Id", "mid")], Some(1000)),
            b"{".to_vec(),
        ]),
        pause: Duration::from_millis(10),
    })
    .await;
    let err = client(&server).send(get()).await.unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 503);
    assert_eq!(err.request_id().unwrap().as_str(), "mid");
}

#[tokio::test]
async fn garbage_instead_of_http_is_a_transport_error() {
    let server = RawServer::start(Script::Bytes(Arc::new(
        b"\x00\x01SSH-2.0-OpenSSH\r\n\r\n".to_vec(),
    )))
    .await;
    let err = client(&server).send(get()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.status(), None);
    assert_eq!(err.attempts(), 3);
}

#[tokio::test]
async fn a_200_with_an_error_body_is_a_success_not_a_retry() {
    let body = br#"{"error_code": "IAM.0011", "error_msg": "odd, but a 200"}"#;
    let server = RawServer::start(status(200, "ok-err", &[], body)).await;
    let thing = client(&server).send(get()).await.unwrap();
    assert_eq!(thing.request_id.unwrap().as_str(), "ok-err");
    assert_eq!(server.hits(), 1);
}

// ---- timeouts ----

#[tokio::test]
async fn headers_that_never_finish_hit_the_attempt_timeout() {
    let partial = Arc::new(b"HTTP/1.1 200 OK\r\nX-Request-Id: never\r\n".to_vec());
    let server = RawServer::start(Script::Stall(partial, Duration::from_secs(10))).await;
    let started = Instant::now();
    let err = client(&server)
        .call(get())
        .attempt_timeout(Duration::from_millis(200))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.timeout_kind(), Some(TimeoutKind::Attempt));
    assert_eq!(err.attempts(), 3);
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(600), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert!(
        err.to_string()
            .starts_with("timed out (attempt limit of 200ms)"),
        "{err}"
    );
}

#[tokio::test]
async fn a_body_trickled_slower_than_the_limit_times_out() {
    let mut parts = vec![head(200, &[("X-Request-Id", "slow")], Some(20))];
    parts.extend((0..20).map(|_| b" ".to_vec()));
    let server = RawServer::start(Script::Chunks {
        parts: Arc::new(parts),
        pause: Duration::from_millis(100),
    })
    .await;
    let err = client(&server)
        .call(get())
        .max_attempts(1)
        .attempt_timeout(Duration::from_millis(400))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.timeout_kind(), Some(TimeoutKind::Attempt), "{err:?}");
}

#[tokio::test]
async fn the_total_timeout_bounds_every_attempt_and_wait() {
    let server =
        RawServer::start(Script::Stall(Arc::new(Vec::new()), Duration::from_secs(10))).await;
    let client = Client::builder()
        .endpoint(server.url())
        .retry(quick().with_max_attempts(10))
        .attempt_timeout(Duration::from_millis(300))
        .timeout(Duration::from_millis(700))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.send(get()).await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err.timeout_kind(), Some(TimeoutKind::Total), "{err:?}");
    assert!(elapsed >= Duration::from_millis(650), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    assert!((2..=3).contains(&err.attempts()), "{}", err.attempts());
}

/// A client that makes one attempt per call, bounded by `limit`.
fn one_attempt_of(server: &RawServer, limit: Duration) -> Client {
    Client::builder()
        .endpoint(server.url())
        .retry(quick().with_max_attempts(1))
        .attempt_timeout(limit)
        .build()
        .unwrap()
}

/// Attempts reuse their thread's timers (moved to each attempt's deadline):
/// a reused timer fires at the new attempt's deadline, never at the earlier
/// one it held from an earlier call, nor later than a shorter new limit.
#[tokio::test]
async fn reused_timers_fire_at_each_attempts_own_deadline() {
    let stall = Script::Stall(Arc::new(Vec::new()), Duration::from_secs(10));
    let server = RawServer::start(each(vec![ok("a"), ok("b"), ok("c"), stall])).await;
    let client = one_attempt_of(&server, Duration::from_millis(500));
    for _ in 0..3 {
        client.send(get()).await.unwrap();
    }
    // The timers of those calls are due 500 ms after they started; this
    // call's is due 500 ms after it starts, later.
    tokio::time::sleep(Duration::from_millis(250)).await;
    let started = Instant::now();
    let err = client.send(get()).await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err.timeout_kind(), Some(TimeoutKind::Attempt), "{err:?}");
    assert!(elapsed >= Duration::from_millis(480), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    // A shorter limit than the one a reused timer holds.
    let started = Instant::now();
    let err = client
        .call(get())
        .attempt_timeout(Duration::from_millis(100))
        .send()
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err.timeout_kind(), Some(TimeoutKind::Attempt), "{err:?}");
    assert!(elapsed >= Duration::from_millis(90), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(450), "{elapsed:?}");
}

/// Under load on two workers, timers go back to the pool of whichever thread
/// an attempt ends on, and are taken by other clients' calls: every stalled
/// attempt still times out at its own deadline, none early, none late.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reused_timers_hold_each_deadline_across_threads_and_clients() {
    let fast = RawServer::start(ok("fast")).await;
    let slow = RawServer::start(Script::Stall(Arc::new(Vec::new()), Duration::from_secs(10))).await;
    let limit = Duration::from_millis(300);
    let (fast, slow) = (one_attempt_of(&fast, limit), one_attempt_of(&slow, limit));
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let (fast, slow) = (fast.clone(), slow.clone());
            tokio::spawn(async move {
                for _ in 0..10 {
                    fast.send(get()).await.unwrap();
                }
                let started = Instant::now();
                let err = slow.send(get()).await.unwrap_err();
                (err.timeout_kind(), started.elapsed())
            })
        })
        .collect();
    for task in tasks {
        let (kind, elapsed) = task.await.unwrap();
        assert_eq!(kind, Some(TimeoutKind::Attempt));
        assert!(elapsed >= Duration::from_millis(290), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    }
}

/// A limit past what the clock can express is no limit: the call is made,
/// not a panic on the deadline's arithmetic.
#[tokio::test]
async fn limits_too_large_for_the_clock_are_no_limits() {
    let server = RawServer::start(ok("huge")).await;
    let client = Client::builder()
        .endpoint(server.url())
        .attempt_timeout(Duration::MAX)
        .timeout(Duration::MAX)
        .build()
        .unwrap();
    let thing = client.send(get()).await.unwrap();
    assert_eq!(
        thing.request_id.as_ref().map(RequestId::as_str),
        Some("huge")
    );
    let thing = client
        .call(get())
        .attempt_timeout(Duration::from_secs(u64::MAX))
        .timeout(Duration::from_secs(u64::MAX / 2))
        .send()
        .await
        .unwrap();
    assert_eq!(
        thing.request_id.as_ref().map(RequestId::as_str),
        Some("huge")
    );
}

#[tokio::test]
async fn a_connect_that_never_completes_hits_the_connect_timeout() {
    // A listener that never accepts, with its queue full: the kernel drops
    // further handshakes, so connecting hangs (on loopback, nothing leaves).
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..8 {
        let s = tokio::net::TcpSocket::new_v4().unwrap();
        if let Ok(Ok(stream)) =
            tokio::time::timeout(Duration::from_millis(100), s.connect(addr)).await
        {
            fillers.push(stream);
        }
    }
    let client = Client::builder()
        .endpoint(format!("http://{addr}"))
        .connect_timeout(Duration::from_millis(200))
        .retry(quick().with_max_attempts(2))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.send(post()).await.unwrap_err();
    assert_eq!(err.timeout_kind(), Some(TimeoutKind::Connect), "{err:?}");
    assert!(err.is_connect());
    assert_eq!(
        err.attempts(),
        2,
        "nothing was sent: even a POST is tried again"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    drop(listener);
}

#[tokio::test]
async fn timeouts_hold_for_a_supplied_reqwest_client() {
    let server =
        RawServer::start(Script::Stall(Arc::new(Vec::new()), Duration::from_secs(10))).await;
    let client = Client::builder()
        .endpoint(server.url())
        .reqwest_client(reqwest::Client::new())
        .attempt_timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.send(get()).await.unwrap_err();
    assert_eq!(err.timeout_kind(), Some(TimeoutKind::Attempt));
    assert!(started.elapsed() < Duration::from_secs(2));
}

// ---- redirects ----

#[tokio::test]
async fn a_redirect_is_an_answer_and_a_following_client_cannot_hide_it() {
    let target = RawServer::start(ok("elsewhere")).await;
    let location = format!("{}/v1/things/t1", target.url());
    let server = RawServer::start(status(302, "moved", &[("Location", &location)], b"")).await;
    let err = client(&server).send(get()).await.unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 302);
    assert_eq!((err.attempts(), target.hits()), (1, 0));

    // A supplied client that follows redirects: an error, never the other answer.
    let following = Client::builder()
        .endpoint(server.url())
        .reqwest_client(reqwest::Client::new())
        .retry(quick())
        .build()
        .unwrap();
    let err = following.send(get()).await.unwrap_err();
    let Error::Transport(transport) = &err else {
        panic!("{err:?}")
    };
    assert!(transport.is_redirect(), "{err}");
    assert_eq!(err.attempts(), 1, "a redirect repeats: not retried");
}

// ---- each attempt authenticated afresh; the user's condition ----

#[derive(Debug, Default)]
struct Rotating(AtomicU32);

impl ProvideCredentials for Rotating {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            Ok(Credentials::new("AK", "SK").with_security_token(format!("token-{n}")))
        })
    }
}

#[tokio::test]
async fn each_attempt_is_signed_afresh() {
    let server = RawServer::start(each(vec![
        status(503, "s-1", &[], b""),
        status(502, "s-2", &[], b""),
        ok("s-3"),
    ]))
    .await;
    let client = Client::builder()
        .endpoint(server.url())
        .retry(quick())
        .auth(AkSk::new(Rotating::default()))
        .build()
        .unwrap();
    client.send(get()).await.unwrap();
    let requests = server.requests().await;
    let tokens: Vec<String> = requests
        .iter()
        .map(|raw| {
            let text = String::from_utf8_lossy(raw).to_ascii_lowercase();
            let line = text
                .lines()
                .find(|l| l.starts_with("x-security-token:"))
                .unwrap()
                .to_owned();
            assert!(text.contains("authorization: sdk-hmac-sha256"));
            line
        })
        .collect();
    assert_eq!(
        tokens,
        [
            "x-security-token: token-0",
            "x-security-token: token-1",
            "x-security-token: token-2"
        ]
    );
}

#[tokio::test]
async fn a_users_condition_extends_or_replaces_the_rules() {
    // Extends: a 409 that says "busy" is tried again.
    let busy = br#"{"error_code": "SVC.0409", "error_msg": "busy"}"#;
    let server = RawServer::start(each(vec![status(409, "c-1", &[], busy), ok("c-2")])).await;
    let policy = quick().with_condition(|attempt| match attempt.outcome {
        Outcome::Response(r) if r.status().as_u16() == 409 => RetryDecision::Retry,
        _ => RetryDecision::Default,
    });
    let client = Client::builder()
        .endpoint(server.url())
        .retry(policy)
        .build()
        .unwrap();
    client.send(get()).await.unwrap();
    assert_eq!(server.hits(), 2);
    // Replaces: never retry, whatever the default rules would say.
    let server = RawServer::start(status(503, "n", &[], b"")).await;
    let client = Client::builder()
        .endpoint(server.url())
        .retry(quick().with_condition(|_| RetryDecision::Stop))
        .build()
        .unwrap();
    let err = client.send(get()).await.unwrap_err();
    assert_eq!((err.attempts(), server.hits()), (1, 1));
}
