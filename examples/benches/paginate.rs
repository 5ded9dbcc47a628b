//! Measures what `client.paginate` costs over a hand-written marker loop with
//! `client.send`, against the local simulator on loopback, in one run.
//!
//! `cargo bench -p cloudwire-examples --bench paginate` (optimised build). It
//! prints medians and ratios; the numbers in the README come from this program.
//!
//! - list: 1,000 instances read at 100 a page (10 pages), by `paginate` and by
//!   a loop that sends each page and copies `page_info.next_marker` into the
//!   next request. Runs alternate so that drift on the machine hits both alike.
//! - next marker: reading `page_info.next_marker` from a 100-item page as the
//!   stream does (a second, skipping pass over the body) versus the decode of
//!   the page itself, which the stream does anyway.

use cloudwire::http::{HeaderMap, StatusCode};
use cloudwire::{ApiResponse, Client, RawResponse, auth::Token};
use cloudwire_examples::services::identity_center::{ListInstances, ListInstancesResponse};
use cloudwire_examples::simulator::Simulator;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(lists());
    next_marker();
}

async fn by_hand(client: &Client) -> usize {
    let mut request = ListInstances {
        limit: Some(100),
        marker: None,
    };
    let mut count = 0;
    loop {
        let page = client.send(&request).await.expect("page");
        count += page.instances.len();
        match page.page_info.next_marker {
            Some(marker) if !marker.is_empty() => request.marker = Some(marker),
            _ => return count,
        }
    }
}

async fn by_stream(client: &Client) -> usize {
    client
        .paginate(ListInstances::default())
        .page_size(100)
        .collect_all()
        .await
        .expect("list")
        .len()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn lists() {
    let sim = Simulator::builder()
        .instances(1000)
        .start()
        .await
        .expect("simulator");
    let client = Client::builder()
        .endpoint(sim.url())
        .auth(Token::new(sim.token()))
        .build()
        .expect("client");
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    for _ in 0..30 {
        assert_eq!(by_hand(&client).await, 1000);
        assert_eq!(by_stream(&client).await, 1000);
    }
    let (mut hand, mut stream) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        black_box(by_hand(&client).await);
        hand.push(t.elapsed());
        let t = Instant::now();
        black_box(by_stream(&client).await);
        stream.push(t.elapsed());
    }
    let (hand, stream) = (median(hand), median(stream));
    println!(
        "list of 1,000 in 10 pages: paginate {:.2} ms, hand loop {:.2} ms, ratio {:.3}",
        stream.as_secs_f64() * 1e3,
        hand.as_secs_f64() * 1e3,
        stream.as_secs_f64() / hand.as_secs_f64()
    );
}

fn per_op(iterations: u32, mut f: impl FnMut()) -> f64 {
    let t = Instant::now();
    for _ in 0..iterations {
        f();
    }
    t.elapsed().as_nanos() as f64 / f64::from(iterations)
}

fn next_marker() {
    let items: Vec<String> = (0..100)
        .map(|i| {
            format!(
                r#"{{"identity_store_id":"d-{i:010}","instance_id":"ins-{i:016}","alias":null,"instance_urn":"IdentityCenter::system:instance:ins-{i:016}"}}"#
            )
        })
        .collect();
    let body = format!(
        r#"{{"instances":[{}],"page_info":{{"next_marker":"ins-0000000000000099","current_count":100}}}}"#,
        items.join(",")
    );
    let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), body.clone());
    let path: &[&str] = &["page_info", "next_marker"];
    let marker = per_op(20_000, || {
        black_box(cloudwire::__private::next_marker(&raw, black_box(path)).expect("marker"));
    });
    let decode = per_op(20_000, || {
        black_box(ListInstancesResponse::decode(&raw).expect("decode"));
    });
    println!(
        "next marker of a 100-item page ({} bytes): {marker:.0} ns, the page's decode {decode:.0} ns ({:.0}%)",
        body.len(),
        100.0 * marker / decode
    );
}
