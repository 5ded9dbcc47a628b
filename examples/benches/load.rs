//! Load: 10,000 calls at 256 concurrency against the local simulator, which
//! answers every 10th request it receives with a 503, through cloudwire and
//! through the same calls written by hand, in one run.
//!
//! `cargo bench -p cloudwire-examples --bench load` (optimised build). The
//! numbers in the README come from this program.
//!
//! - cloudwire: `ListInstances` (the typed definition in `services`) through a
//!   client with the default retry policy (3 attempts of a 503 `GET`) and a
//!   fixed 1 ms backoff, so that both sides wait alike;
//! - hand-written: reqwest + serde_json, with a retry loop of its own: a 503
//!   is tried again after 1 ms, up to 3 attempts.
//!
//! Both share the simulator and keep their connection pools between rounds
//! (three warm-up rounds each first); rounds alternate which side goes first,
//! and throughput is compared both as medians and as the median ratio of the
//! rounds that ran side by side. On Linux it also gives the process's CPU
//! time per call (user + system, from `/proc/self/stat`, summed over the
//! rounds): other work on the machine moves throughput much more than it
//! moves that. `BENCH_ROUNDS` sets the rounds per side (default 20).
//!
//! A counting global allocator gives, per round: the peak of live heap bytes
//! above the idle heap before the round, allocations per call (every `alloc`,
//! `alloc_zeroed` and `realloc`), and the live heap after the first 20 % of
//! the calls and at the end, both read with no call in flight (the load drains
//! at 20 % for that reading). The heap is the whole process's, the simulator's
//! side of every connection included; that part is the same for both sides.

use cloudwire::auth::Token;
use cloudwire::http::StatusCode;
use cloudwire::retry::{Backoff, RetryPolicy};
use cloudwire::{ApiResponse, Client, Endpoint};
use cloudwire_examples::alloc::Counting;
use cloudwire_examples::services::identity_center::{ListInstances, ListInstancesResponse};
use cloudwire_examples::simulator::Simulator;
use std::future::Future;
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

/// The system allocator, counting live bytes, their peak, and allocations.
#[global_allocator]
static ALLOCATOR: Counting = Counting;

const CALLS: usize = 10_000;
const CONCURRENCY: usize = 256;
const FAIL_EVERY: u64 = 10;
const ATTEMPTS: u32 = 3;
const BACKOFF: Duration = Duration::from_millis(1);

/// The baseline: the body, decoded by hand with serde_json.
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct BaselineBody {
    instances: Vec<BaselineInstance>,
    page_info: BaselinePageInfo,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct BaselineInstance {
    identity_store_id: String,
    instance_id: String,
    alias: Option<String>,
    instance_urn: String,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct BaselinePageInfo {
    next_marker: Option<String>,
    current_count: u32,
}

/// How one call ended.
struct Outcome {
    attempts: u32,
    ok: bool,
}

/// The call written by hand, retry loop included: what a user writes with
/// reqwest and serde_json to survive a gateway's 503s.
async fn baseline(http: &reqwest::Client, url: &str, token: &str) -> Outcome {
    let mut attempts = 0;
    loop {
        attempts += 1;
        let response = http
            .get(url)
            .header("X-Auth-Token", token)
            .send()
            .await
            .expect("send");
        let status = response.status();
        if status == StatusCode::SERVICE_UNAVAILABLE && attempts < ATTEMPTS {
            // Read the body so that the connection goes back to the pool.
            black_box(response.bytes().await.expect("body"));
            tokio::time::sleep(BACKOFF).await;
            continue;
        }
        let request_id = response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response.bytes().await.expect("body");
        if !status.is_success() {
            return Outcome {
                attempts,
                ok: false,
            };
        }
        let body: BaselineBody = serde_json::from_slice(&bytes).expect("decode");
        black_box((body, request_id));
        return Outcome { attempts, ok: true };
    }
}

/// The same call through cloudwire. `send_request` + `from_raw` is what
/// `client.send(ListInstances)` does, with the attempt count kept.
async fn framework(client: &Client) -> Outcome {
    let request = ListInstances::default().to_request().expect("request");
    match client.send_request(request).await {
        Ok(raw) => {
            let attempts = raw.attempts();
            let page = ListInstancesResponse::from_raw(raw);
            let ok = page.is_ok();
            black_box(page.ok());
            Outcome { attempts, ok }
        }
        Err(e) => Outcome {
            attempts: e.attempts(),
            ok: false,
        },
    }
}

/// What one round of the load measured.
#[derive(Debug, Clone, Copy, Default)]
struct Round {
    elapsed: Duration,
    retries: u64,
    failed: u64,
    faults: u64,
    /// The live heap before the round.
    idle: usize,
    /// Peak live heap above `idle`.
    peak: usize,
    allocations: u64,
    /// CPU time of the process (user + system) during the round, when known.
    cpu: Option<Duration>,
    /// Live heap with no call in flight, after 20 % of the calls and at the end.
    heap_early: usize,
    heap_end: usize,
}

/// `count` calls of `call`, [`CONCURRENCY`] at a time (that many tasks, each
/// taking the next call until none is left); returns (retries, failures).
async fn drive<F, Fut>(count: usize, call: F) -> (u64, u64)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Outcome> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = JoinSet::new();
    for _ in 0..CONCURRENCY {
        let (call, next) = (call.clone(), Arc::clone(&next));
        workers.spawn(async move {
            let (mut retries, mut failed) = (0u64, 0u64);
            while next.fetch_add(1, Ordering::Relaxed) < count {
                let outcome = call().await;
                retries += u64::from(outcome.attempts - 1);
                failed += u64::from(!outcome.ok);
            }
            (retries, failed)
        });
    }
    let (mut retries, mut failed) = (0, 0);
    while let Some(done) = workers.join_next().await {
        let (r, f) = done.expect("a worker panicked");
        retries += r;
        failed += f;
    }
    (retries, failed)
}

/// One round: 20 % of the calls, a reading of the heap, the other 80 %.
async fn round<F, Fut>(sim: &Simulator, call: F) -> Round
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Outcome> + Send,
{
    let early = CALLS / 5;
    let faults = sim.faults_served();
    let idle = Counting::outstanding();
    Counting::reset_peak();
    let allocations = Counting::allocations();
    let cpu = cpu_time();
    let start = Instant::now();
    let (r1, f1) = drive(early, call.clone()).await;
    let heap_early = Counting::outstanding();
    let (r2, f2) = drive(CALLS - early, call).await;
    let elapsed = start.elapsed();
    Round {
        elapsed,
        cpu: cpu.zip(cpu_time()).map(|(before, after)| after - before),
        retries: r1 + r2,
        failed: f1 + f2,
        faults: sim.faults_served() - faults,
        idle,
        peak: Counting::peak() - idle,
        allocations: Counting::allocations() - allocations,
        heap_early,
        heap_end: Counting::outstanding(),
    }
}

/// The process's CPU time so far (user + system), on Linux; in clock ticks
/// of 10 ms, which the sums over many rounds make fine enough.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(load());
}

const MIB: f64 = 1024.0 * 1024.0;

fn mib(bytes: usize) -> f64 {
    bytes as f64 / MIB
}

/// Medians over the rounds of one side, and its failures in all of them.
struct Summary {
    rate: f64,
    peak: f64,
    allocations: f64,
    growth: f64,
    failed: u64,
    /// CPU microseconds per call, over all the rounds.
    cpu: Option<f64>,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

async fn load() {
    let sim = Simulator::builder()
        .fail_every(FAIL_EVERY, StatusCode::SERVICE_UNAVAILABLE)
        .start()
        .await
        .expect("simulator");
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(Token::new(sim.token()))
        .retry(RetryPolicy::default().with_backoff(Backoff::Fixed(BACKOFF)))
        .build()
        .expect("client");
    // The same request bytes on the wire: cloudwire sends a User-Agent, so does the baseline.
    let http = reqwest::Client::builder()
        .user_agent(cloudwire::DEFAULT_USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .http1_title_case_headers()
        .build()
        .expect("reqwest");
    let url: Arc<str> = Arc::from(format!("{}/v1/instances", sim.url()));
    let token: Arc<str> = Arc::from(sim.token());

    let cloudwire_call = move || {
        let client = client.clone();
        async move { framework(&client).await }
    };
    let baseline_call = move || {
        let (http, url, token) = (http.clone(), Arc::clone(&url), Arc::clone(&token));
        async move { baseline(&http, &url, &token).await }
    };

    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    // Warm-up: open both pools and let them settle.
    for _ in 0..3 {
        round(&sim, cloudwire_call.clone()).await;
        round(&sim, baseline_call.clone()).await;
    }

    let (mut framework_rounds, mut hand_rounds) = (Vec::new(), Vec::new());
    for i in 0..rounds {
        let order = i % 2 == 0;
        for first in [order, !order] {
            if first {
                framework_rounds.push(round(&sim, cloudwire_call.clone()).await);
            } else {
                hand_rounds.push(round(&sim, baseline_call.clone()).await);
            }
        }
    }

    println!(
        "load: {CALLS} calls at {CONCURRENCY} concurrency, every {FAIL_EVERY}th request answered 503, \
         up to {ATTEMPTS} attempts {BACKOFF:?} apart; {rounds} rounds each, alternating"
    );
    for (name, rounds) in [
        ("hand-written reqwest + serde_json", &hand_rounds),
        ("cloudwire", &framework_rounds),
    ] {
        println!("  {name}:");
        for r in rounds.iter() {
            // Every fault was retried, except the last of a call that failed.
            assert_eq!(r.retries + r.failed, r.faults, "{name}: {r:?}");
            println!(
                "    {:>6.0} req/s  peak {:+.2} MiB over {:.2} MiB idle  {:.1} allocations/call  \
                 heap at 20% {:.2} MiB, at end {:.2} MiB ({:+.3} MiB)  {} retries, {} faults, {} calls failed",
                CALLS as f64 / r.elapsed.as_secs_f64(),
                mib(r.peak),
                mib(r.idle),
                r.allocations as f64 / CALLS as f64,
                mib(r.heap_early),
                mib(r.heap_end),
                (r.heap_end as f64 - r.heap_early as f64) / (1024.0 * 1024.0),
                r.retries,
                r.faults,
                r.failed,
            );
        }
    }
    let summary = |rounds: &[Round]| Summary {
        rate: median(
            rounds
                .iter()
                .map(|r| CALLS as f64 / r.elapsed.as_secs_f64())
                .collect(),
        ),
        peak: median(rounds.iter().map(|r| r.peak as f64).collect()),
        allocations: median(
            rounds
                .iter()
                .map(|r| r.allocations as f64 / CALLS as f64)
                .collect(),
        ),
        growth: median(
            rounds
                .iter()
                .map(|r| r.heap_end as f64 - r.heap_early as f64)
                .collect(),
        ),
        failed: rounds.iter().map(|r| r.failed).sum(),
        cpu: rounds
            .iter()
            .map(|r| r.cpu)
            .sum::<Option<Duration>>()
            .map(|total| total.as_secs_f64() * 1e6 / (rounds.len() * CALLS) as f64),
    };
    let (f, h) = (summary(&framework_rounds), summary(&hand_rounds));
    let calls = rounds * CALLS;
    println!("  medians of {rounds} rounds:");
    // Each round of one side ran next to the same round of the other: the
    // median of their ratios is the least disturbed by drift on the machine.
    let paired = median(
        framework_rounds
            .iter()
            .zip(&hand_rounds)
            .map(|(f, h)| h.elapsed.as_secs_f64() / f.elapsed.as_secs_f64())
            .collect(),
    );
    println!(
        "    throughput: cloudwire {:.0} req/s, hand-written {:.0} req/s = {:.3}x (median of paired rounds {paired:.3}x)",
        f.rate,
        h.rate,
        f.rate / h.rate
    );
    if let (Some(fc), Some(hc)) = (f.cpu, h.cpu) {
        println!(
            "    CPU per call (process, both ends): cloudwire {fc:.1} us, hand-written {hc:.1} us = {:.3}x",
            fc / hc
        );
    }
    println!(
        "    peak heap over idle: cloudwire {:.2} MiB, hand-written {:.2} MiB = {:.2}x",
        f.peak / MIB,
        h.peak / MIB,
        f.peak / h.peak
    );
    println!(
        "    allocations per call: cloudwire {:.1}, hand-written {:.1} = {:.2}x",
        f.allocations,
        h.allocations,
        f.allocations / h.allocations
    );
    println!(
        "    heap at end minus at 20%: cloudwire {:+.3} MiB, hand-written {:+.3} MiB",
        f.growth / MIB,
        h.growth / MIB
    );
    println!(
        "    calls failed after {ATTEMPTS} attempts (all 503): cloudwire {} of {calls}, hand-written {} of {calls}",
        f.failed, h.failed
    );
    sim.shutdown().await;
}
