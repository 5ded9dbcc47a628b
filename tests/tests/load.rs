//! Load: 10,000 `ListInstances` calls at 256 concurrency against the
//! simulator, which answers every 10th request it receives with a 503
//! (`fail_every(10, 503)`): every call succeeds, every fault is matched by one
//! retry, and the live heap does not grow with the number of calls.
//!
//! This file installs a counting global allocator (its own test binary, one
//! test), so the live heap can be read between the phases of the load.

use cloudwire::auth::Token;
use cloudwire::http::StatusCode;
use cloudwire::retry::{Backoff, RetryPolicy};
use cloudwire::{ApiResponse, Client, Endpoint};
use cloudwire_examples::alloc::Counting;
use cloudwire_examples::services::identity_center::{ListInstances, ListInstancesResponse};
use cloudwire_examples::simulator::{DEFAULT_INSTANCES, Simulator};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::task::JoinSet;

/// The shared counting allocator: this binary's heap, measured.
#[global_allocator]
static ALLOCATOR: Counting = Counting;

const CALLS: usize = 10_000;
/// The heap is read after these first calls, and again at the end.
const FIRST: usize = 2_000;
const CONCURRENCY: usize = 256;
const FAIL_EVERY: u64 = 10;
/// The simulator cannot tell a retry from a new request, so a retry is
/// itself an every-10th request about one time in ten: a call meets `k`
/// faults in a row with probability about 0.1^k. With the default 3 attempts
/// about 10 calls in 10,000 would meet 3 and fail (measured: 7 to 14, with
/// cloudwire and with a hand-written retry loop alike); with 10, a failure
/// is a one-in-a-million event for the whole test.
const MAX_ATTEMPTS: u32 = 10;

/// What a batch of calls did.
#[derive(Debug, Default)]
struct Tally {
    calls: usize,
    /// The sum over calls of `attempts - 1`.
    retries: u64,
    /// The most attempts one call made.
    most_attempts: u32,
    failures: Vec<String>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.calls += other.calls;
        self.retries += other.retries;
        self.most_attempts = self.most_attempts.max(other.most_attempts);
        self.failures.extend(other.failures);
    }
}

/// `count` calls, [`CONCURRENCY`] at a time (that many tasks, each taking the
/// next call until none is left). Returns once every call is done.
async fn run(client: &Client, count: usize) -> Tally {
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = JoinSet::new();
    for _ in 0..CONCURRENCY {
        let (client, next) = (client.clone(), Arc::clone(&next));
        workers.spawn(async move {
            let mut tally = Tally::default();
            while next.fetch_add(1, Ordering::Relaxed) < count {
                // What `client.send(ListInstances::default())` does, keeping
                // the response's attempt count.
                let request = ListInstances::default().to_request().expect("request");
                let attempts = match client.send_request(request).await {
                    Ok(raw) => {
                        let attempts = raw.attempts();
                        match ListInstancesResponse::from_raw(raw) {
                            Ok(page) if page.instances.len() == DEFAULT_INSTANCES => {}
                            Ok(page) => tally
                                .failures
                                .push(format!("{} instances", page.instances.len())),
                            Err(e) => tally.failures.push(e.to_string()),
                        }
                        attempts
                    }
                    Err(e) => {
                        tally.failures.push(e.to_string());
                        e.attempts()
                    }
                };
                tally.calls += 1;
                tally.retries += u64::from(attempts - 1);
                tally.most_attempts = tally.most_attempts.max(attempts);
            }
            tally
        });
    }
    let mut total = Tally::default();
    while let Some(done) = workers.join_next().await {
        total.add(done.expect("a worker panicked"));
    }
    total
}

/// The live heap once the calls' connections have gone idle.
async fn live_heap() -> usize {
    // The last responses were read; let the connection tasks (the
    // simulator's and the client's) finish with their buffers.
    tokio::time::sleep(Duration::from_millis(50)).await;
    Counting::outstanding()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_calls_with_one_in_ten_503_all_succeed_retries_counted_heap_flat() {
    let sim = Simulator::builder()
        .fail_every(FAIL_EVERY, StatusCode::SERVICE_UNAVAILABLE)
        .start()
        .await
        .unwrap();
    // The default policy (a 503 `GET` is retried), with a 1 ms wait so the
    // test is quick and more attempts (see `MAX_ATTEMPTS`).
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(Token::new(sim.token()))
        .retry(
            RetryPolicy::default()
                .with_backoff(Backoff::Fixed(Duration::from_millis(1)))
                .with_max_attempts(MAX_ATTEMPTS),
        )
        .build()
        .unwrap();

    let mut tally = run(&client, FIRST).await;
    let heap_first = live_heap().await;
    tally.add(run(&client, CALLS - FIRST).await);
    let heap_end = live_heap().await;

    assert_eq!(tally.calls, CALLS);
    assert!(
        tally.failures.is_empty(),
        "{} calls failed, the first: {:?}",
        tally.failures.len(),
        tally.failures.first()
    );
    // Every fault served was retried, and every retry answered a fault.
    let faults = sim.faults_served();
    assert_eq!(tally.retries, faults);
    assert_eq!(sim.request_count(), CALLS as u64 + faults);
    // Every 10th of all the requests, retries included: 10,000 calls with
    // all their retries make 11,111 requests, 1,111 of them faults (the only
    // F with F = (10,000 + F) / 10, rounded down).
    assert_eq!(faults, sim.request_count() / FAIL_EVERY);
    assert_eq!(faults, 1_111);
    assert!(tally.most_attempts >= 2);

    // Flat: the heap at the end is the heap after the first 2,000 calls, up to
    // the noise of the HTTP stack. Read every 500 calls up to 20,000 (debug
    // build, 2 cores), the heap is about 20 MiB, nearly all of it idle
    // connections: the pool opens 440 to 500 for 256 calls at a time (about
    // 45 KiB each, both ends being in this process), in steps when 256 calls
    // start at once, the last of them at 1,000 to 2,000 calls or just after
    // the first reading here. Past that it is flat but for one bump: from
    // about 5,500 to 13,000 calls it rises by about 2 MiB and falls back to
    // within 0.2 MiB, then stays flat to 20,000; a hand-written reqwest
    // client shows the same bump, so it is the HTTP stack's buffers, not
    // cloudwire. Reading at 10,000 lands near its top, so the growth measured
    // here was +1.3 to +5.6 MiB (+6 % to +29 %) over 13 runs, and could reach
    // about 8 MiB if all the pool's extra connections came after the first
    // reading. The bound, +50 % (9 to 12 MiB), leaves room for that and still
    // fails on a leak of 1.5 KiB a call (+12 MiB over the last 8,000 calls).
    // The release benchmark, with warm pools, finds the heap flat to within
    // 0.1 MiB over 8,000 calls (`examples/benches/load.rs`).
    let bound = heap_first + heap_first / 2;
    assert!(
        heap_end <= bound,
        "live heap after {FIRST} calls: {heap_first} bytes; after {CALLS}: {heap_end} bytes (bound {bound})"
    );
    eprintln!(
        "load: {} retries = {faults} faults, at most {} attempts; live heap after {FIRST} calls {:.2} MiB, after {CALLS} {:.2} MiB ({:+.1} %)",
        tally.retries,
        tally.most_attempts,
        heap_first as f64 / 1048576.0,
        heap_end as f64 / 1048576.0,
        (heap_end as f64 / heap_first as f64 - 1.0) * 100.0
    );
    sim.shutdown().await;
}
