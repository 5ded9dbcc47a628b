//! The response buffer grows with the bytes that arrive, not with the length a
//! server declares: a response that declares 1 GB and trickles a few bytes
//! costs a few bytes.
//!
//! This file installs a counting global allocator (its own test binary, one
//! test, so nothing else allocates alongside) and measures the peak of
//! outstanding heap bytes during the call.

use cloudwire::{Client, RequestId};
use cloudwire_examples::alloc::Counting;
use cloudwire_tests::{RawServer, Script, head};
use std::sync::Arc;
use std::time::Duration;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[cloudwire::api_response]
#[derive(Debug)]
#[allow(dead_code)]
struct Anything {
    #[cloudwire(request_id)]
    request_id: Option<RequestId>,
}

#[cloudwire::endpoint(GET, "/v1/anything", response = Anything)]
struct GetAnything;

const DECLARED: usize = 1_000_000_000;

#[tokio::test]
async fn a_declared_length_reserves_nothing_that_does_not_arrive() {
    // Declares 1 GB, sends two small pieces of body a moment apart (so they
    // arrive as separate chunks and are gathered into one buffer), then closes.
    let parts = vec![
        head(500, &[("X-Request-Id", "trickle-1")], Some(DECLARED)),
        br#"{"error_code": "APIGW.0"#.to_vec(),
        br#"101", "error_msg": "trickle"#.to_vec(),
    ];
    let server = RawServer::start(Script::Chunks {
        parts: Arc::new(parts),
        pause: Duration::from_millis(150),
    })
    .await;
    // A limit above the declared length: only the bytes that arrive may count.
    let client = Client::builder()
        .endpoint(server.url())
        .max_body_size(2 * DECLARED)
        .build()
        .unwrap();

    let baseline = Counting::outstanding();
    Counting::reset_peak();
    let err = client.send(GetAnything).await.unwrap_err();
    let peak = Counting::peak() - baseline;

    // The body stopped short of its length: a transport error after the headers.
    assert!(
        matches!(err, cloudwire::Error::Transport(_)),
        "expected Error::Transport, got {err:?}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(err.request_id().unwrap().as_str(), "trickle-1");
    assert!(
        err.to_string()
            .starts_with("connection failed while reading the body"),
        "{err}"
    );
    // The whole call (connection, buffers, the error) stays far below the
    // declared length; before the fix, one reservation took `DECLARED` bytes.
    assert!(
        peak < 1024 * 1024,
        "peak of outstanding heap bytes during the call: {peak}"
    );
}
