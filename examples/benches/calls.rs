//! What a call costs: cloudwire against the same calls written by hand
//! with reqwest + serde_json, side by side in one process, on one loopback
//! server.
//!
//! `cargo bench -p cloudwire-examples --bench calls` (optimised build; about
//! 100 s on 2 cores). It prints each measure as the ratio cloudwire /
//! hand-written, a Markdown table ready to paste, and the goals of the issue.
//!
//! The server is a minimal hyper HTTP/1.1 server in a child process (this
//! binary run again with `CALLS_SERVER=1`): it answers every request with a
//! canned response, as the service would send it (status, `Content-Type:
//! application/json`, `X-Request-Id`, `Date`, the body), so its cost is small
//! and the same for both contenders, and none of it is counted in the client's
//! CPU time or allocations.
//!
//! The contenders, each with its own connection pool:
//! - hand-written (1.00): a `reqwest::Client` configured as cloudwire's
//!   default one (no redirects, gzip and deflate, cloudwire's `User-Agent`),
//!   the URL and query built with `format!`, the same `X-Auth-Token` and
//!   `Content-Type` headers as cloudwire sends, the body decoded with
//!   `serde_json::from_slice` into the same structs, the `X-Request-Id` header
//!   copied into a `String`; an error status read as the status, that header
//!   and `error_code`, `error_msg` and `request_id` into 3 `String`s;
//! - cloudwire: the same operations as `#[endpoint]` + `#[api_response]`
//!   definitions sent by `client.send` through the default client (token
//!   authentication, timeouts, retry policy, tracing spans); an error is read
//!   through `status()`, `code()`, `message()` and `request_id()`.
//!
//! The operations: list (1 item), list (50 items, a 10 KB body), create (`POST`
//! with a JSON body, answered 201) and error (a 400 with the usual 186-byte
//! error body). Before measuring, one request of each operation from each
//! contender goes to a recording server and the two are compared, so that both
//! send the same request (the JSON body aside: cloudwire writes it as the
//! official SDK does, with spaces after `:` and `,`).
//!
//! The measures, each a ratio cloudwire / hand-written:
//! - sequential latency: in each round, calls alternate between the
//!   contenders (who goes first alternates too); the round's ratio is the
//!   ratio of the two medians; printed: the median of the per-round ratios and
//!   their range;
//! - throughput at 256 tasks on a tokio runtime of 2 workers: in each round
//!   each contender runs for `CALLS_SECONDS` in `CALLS_SLICES` slices that
//!   alternate between the two (who goes first alternates too), so that a
//!   busier stretch of the machine falls on both; calls per second over the
//!   round's slices, ratio per round, median and range;
//! - client CPU per call under that load: the CPU time (user + system) of this
//!   process's threads during the round, from `/proc/self/task/*/schedstat`
//!   (nanoseconds; Linux; `/proc/self/stat` in 10 ms ticks if that is missing,
//!   nothing elsewhere), over the calls of the round;
//! - allocations per call, from the counting allocator this binary installs
//!   (every `alloc`, `alloc_zeroed` and growing `realloc` of the client
//!   process: building, sending, the connection's task, decoding, dropping).
//!
//! Knobs: `CALLS_ROUNDS` (rounds of each measure, default 25),
//! `CALLS_SECONDS` (seconds per contender per throughput round, default 0.4),
//! `CALLS_SLICES` (alternating slices of a throughput round, default 4),
//! `CALLS_SEQUENTIAL` (calls per contender per latency round, default 300),
//! `CALLS_TASKS` (concurrent tasks, default 256), `CALLS_NO_TIMEOUTS` (set:
//! cloudwire without its default attempt and total timeouts, which the
//! hand-written calls do not have, to see what the timer costs),
//! `CALLS_HAND_TIMEOUT` (set: the other way round, each hand-written call
//! bounded by a 120 s tokio timeout), `CALLS_AA` (set: a second
//! hand-written client, with its own pool, in cloudwire's place: the ratios
//! of two identical contenders, what the bench itself can resolve). `CALLS_PROFILE` runs one
//! contender alone, for a profiler (see `profile`). A quick run:
//! `CALLS_ROUNDS=3 CALLS_SECONDS=0.2 cargo bench -p cloudwire-examples --bench calls`.

use cloudwire::auth::Token;
use cloudwire::{Client, RequestId};
use cloudwire_examples::alloc::Counting;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use hyper::{Request, Response, StatusCode};
use std::convert::Infallible;
use std::hint::black_box;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Set in the child process that serves.
const SERVER_ENV: &str = "CALLS_SERVER";
const TOKEN: &str = "MIIEbench-token-0123456789abcdef";
const BAD_ID: &str = "ins-does-not-exist";

// ---------------------------------------------------------------------------
// The shapes both contenders decode into.

#[derive(serde::Deserialize, serde::Serialize)]
#[allow(dead_code)]
struct Instance {
    instance_id: String,
    name: String,
    alias: Option<String>,
    instance_urn: String,
    status: String,
    created_at: String,
}

#[derive(serde::Deserialize, serde::Serialize)]
#[allow(dead_code)]
struct PageInfo {
    next_marker: Option<String>,
    current_count: u32,
}

// ---------------------------------------------------------------------------
// cloudwire: the operations as a user defines them.

#[cloudwire::api_response]
#[allow(dead_code)]
struct ListInstancesResponse {
    instances: Vec<Instance>,
    page_info: PageInfo,
    #[cloudwire(request_id)]
    request_id: Option<RequestId>,
}

#[cloudwire::endpoint(GET, "/v1/instances", response = ListInstancesResponse)]
struct ListInstances {
    #[cloudwire(query)]
    limit: Option<u32>,
}

#[cloudwire::api_response(status = 201)]
#[allow(dead_code)]
struct CreateInstanceResponse {
    instance: Instance,
    #[cloudwire(request_id)]
    request_id: Option<RequestId>,
}

#[cloudwire::endpoint(POST, "/v1/instances", response = CreateInstanceResponse)]
struct CreateInstance<'a> {
    name: &'a str,
    description: Option<&'a str>,
    flavor: &'a str,
}

#[cloudwire::api_response]
#[allow(dead_code)]
struct ShowInstanceResponse {
    instance: Instance,
    #[cloudwire(request_id)]
    request_id: Option<RequestId>,
}

#[cloudwire::endpoint(GET, "/v1/instances/{instance_id}", response = ShowInstanceResponse)]
struct ShowInstance<'a> {
    #[cloudwire(path)]
    instance_id: &'a str,
}

// ---------------------------------------------------------------------------
// Hand-written: reqwest + serde_json, as a careful user writes it.

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct ListBody {
    instances: Vec<Instance>,
    page_info: PageInfo,
}

#[derive(serde::Serialize)]
struct CreateBody<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    flavor: &'a str,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct InstanceBody {
    instance: Instance,
}

#[derive(serde::Deserialize)]
struct ErrorBody {
    error_code: String,
    error_msg: String,
    request_id: String,
}

#[allow(dead_code)]
enum HandError {
    Api {
        status: StatusCode,
        request_id: Option<String>,
        code: String,
        message: String,
        body_request_id: String,
    },
    Transport(reqwest::Error),
    Decode(serde_json::Error),
}

impl From<reqwest::Error> for HandError {
    fn from(e: reqwest::Error) -> Self {
        HandError::Transport(e)
    }
}

impl From<serde_json::Error> for HandError {
    fn from(e: serde_json::Error) -> Self {
        HandError::Decode(e)
    }
}

struct Hand {
    http: reqwest::Client,
    base: String,
    token: HeaderValue,
}

const X_AUTH_TOKEN: HeaderName = HeaderName::from_static("x-auth-token");
const JSON: HeaderValue = HeaderValue::from_static("application/json");

impl Hand {
    fn new(base: &str) -> Hand {
        // cloudwire's default client: see `reqwest_transport` in runtime/src/client.rs.
        let http = reqwest::Client::builder()
            .user_agent(cloudwire::DEFAULT_USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .gzip(true)
            .deflate(true)
            .http1_title_case_headers()
            .build()
            .expect("reqwest");
        Hand {
            http,
            base: base.to_owned(),
            token: HeaderValue::from_static(TOKEN),
        }
    }

    async fn list(&self, limit: u32) -> Result<(ListBody, Option<String>), HandError> {
        let response = self
            .http
            .get(format!("{}/v1/instances?limit={limit}", self.base))
            .header(X_AUTH_TOKEN, self.token.clone())
            .header(CONTENT_TYPE, JSON)
            .send()
            .await?;
        finish(response, |s| s.is_success()).await
    }

    async fn create(
        &self,
        body: &CreateBody<'_>,
    ) -> Result<(InstanceBody, Option<String>), HandError> {
        let response = self
            .http
            .post(format!("{}/v1/instances", self.base))
            .header(X_AUTH_TOKEN, self.token.clone())
            .header(CONTENT_TYPE, JSON)
            .body(serde_json::to_vec(body)?)
            .send()
            .await?;
        finish(response, |s| s == StatusCode::CREATED).await
    }

    async fn show(&self, id: &str) -> Result<(InstanceBody, Option<String>), HandError> {
        let response = self
            .http
            .get(format!("{}/v1/instances/{id}", self.base))
            .header(X_AUTH_TOKEN, self.token.clone())
            .header(CONTENT_TYPE, JSON)
            .send()
            .await?;
        finish(response, |s| s.is_success()).await
    }
}

/// The body decoded as `T` on success, else the error body's 3 fields; the
/// `X-Request-Id` header either way.
async fn finish<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
    success: impl Fn(StatusCode) -> bool,
) -> Result<(T, Option<String>), HandError> {
    let status = response.status();
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = response.bytes().await?;
    if !success(status) {
        let body: ErrorBody = serde_json::from_slice(&bytes)?;
        return Err(HandError::Api {
            status,
            request_id,
            code: body.error_code,
            message: body.error_msg,
            body_request_id: body.request_id,
        });
    }
    Ok((serde_json::from_slice(&bytes)?, request_id))
}

// ---------------------------------------------------------------------------
// The operations, for both contenders.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    List1,
    List50,
    Create,
    Error,
}

const OPS: [Op; 4] = [Op::List1, Op::List50, Op::Create, Op::Error];

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::List1 => "list (1 item)",
            Op::List50 => "list (50 items)",
            Op::Create => "create (201)",
            Op::Error => "error (400)",
        }
    }

    fn short(self) -> &'static str {
        match self {
            Op::List1 => "list 1",
            Op::List50 => "list 50",
            Op::Create => "create",
            Op::Error => "error",
        }
    }
}

const CREATE: (&str, Option<&str>, &str) = (
    "bench-instance",
    Some("created by the calls bench"),
    "s6.large.2",
);

/// One call of `op` through cloudwire; whether it ended as it should.
async fn cloudwire_call(client: &Client, op: Op) -> bool {
    match op {
        Op::List1 | Op::List50 => {
            let limit = if op == Op::List1 { 1 } else { 50 };
            match client.send(ListInstances { limit: Some(limit) }).await {
                Ok(page) => {
                    let ok = page.instances.len() == limit as usize && page.request_id.is_some();
                    black_box(page);
                    ok
                }
                Err(_) => false,
            }
        }
        Op::Create => {
            let (name, description, flavor) = CREATE;
            let created = client.send(CreateInstance {
                name,
                description,
                flavor,
            });
            match created.await {
                Ok(created) => {
                    let ok = created.request_id.is_some();
                    black_box(created);
                    ok
                }
                Err(_) => false,
            }
        }
        Op::Error => match client
            .send(ShowInstance {
                instance_id: BAD_ID,
            })
            .await
        {
            Ok(_) => false,
            Err(e) => {
                let ok = e.status() == Some(StatusCode::BAD_REQUEST)
                    && e.code() == Some("IAM.0011")
                    && e.request_id().is_some();
                black_box((e.message(), e.request_id()));
                black_box(e);
                ok
            }
        },
    }
}

/// One call of `op` written by hand; whether it ended as it should.
async fn hand_call(hand: &Hand, op: Op) -> bool {
    match op {
        Op::List1 | Op::List50 => {
            let limit = if op == Op::List1 { 1 } else { 50 };
            match hand.list(limit).await {
                Ok((page, request_id)) => {
                    let ok = page.instances.len() == limit as usize && request_id.is_some();
                    black_box((page, request_id));
                    ok
                }
                Err(_) => false,
            }
        }
        Op::Create => {
            let (name, description, flavor) = CREATE;
            let body = CreateBody {
                name,
                description,
                flavor,
            };
            match hand.create(&body).await {
                Ok((created, request_id)) => {
                    let ok = request_id.is_some();
                    black_box((created, request_id));
                    ok
                }
                Err(_) => false,
            }
        }
        Op::Error => match hand.show(BAD_ID).await {
            Err(HandError::Api {
                status,
                request_id,
                code,
                message,
                body_request_id,
            }) => {
                let ok =
                    status == StatusCode::BAD_REQUEST && code == "IAM.0011" && request_id.is_some();
                black_box((request_id, code, message, body_request_id));
                ok
            }
            _ => false,
        },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Hand,
    Cloudwire,
}

#[derive(Clone)]
struct Contenders {
    client: Client,
    hand: Arc<Hand>,
    /// `CALLS_HAND_TIMEOUT`: each hand-written call bounded by a tokio
    /// timeout, as cloudwire bounds each attempt.
    hand_timeout: bool,
    /// `CALLS_AA`: a second hand-written client (its own pool) in
    /// cloudwire's place, so that the ratios show what the bench itself
    /// reads between two identical contenders.
    twin: Option<Arc<Hand>>,
}

impl Contenders {
    fn new(base: &str) -> Contenders {
        let mut builder = Client::builder().endpoint(base).auth(Token::new(TOKEN));
        if std::env::var_os("CALLS_NO_TIMEOUTS").is_some() {
            builder = builder.no_timeouts();
        }
        let client = builder.build().expect("client");
        Contenders {
            client,
            hand: Arc::new(Hand::new(base)),
            hand_timeout: std::env::var_os("CALLS_HAND_TIMEOUT").is_some(),
            twin: std::env::var_os("CALLS_AA").map(|_| Arc::new(Hand::new(base))),
        }
    }

    async fn call(&self, who: Who, op: Op) -> bool {
        match who {
            Who::Hand if self.hand_timeout => {
                // The same bound as cloudwire's default attempt timeout.
                tokio::time::timeout(Duration::from_secs(120), hand_call(&self.hand, op))
                    .await
                    .unwrap_or(false)
            }
            Who::Hand => hand_call(&self.hand, op).await,
            Who::Cloudwire => match &self.twin {
                Some(twin) => hand_call(twin, op).await,
                None => cloudwire_call(&self.client, op).await,
            },
        }
    }
}

// ---------------------------------------------------------------------------
// The server: canned responses over hyper.

struct Canned {
    list1: Bytes,
    list50: Bytes,
    created: Bytes,
    error: Bytes,
}

fn instance(i: usize) -> Instance {
    Instance {
        instance_id: format!("ins-{i:04}a1b2c3d4e5f60718293a4b5c6d7e8f90"),
        name: format!("instance-{i}"),
        alias: (i.is_multiple_of(2)).then(|| format!("alias-{i}")),
        instance_urn: format!("IdentityCenter::0123456789abcdef:instance:ins-{i:04}"),
        status: "ACTIVE".to_owned(),
        created_at: "2026-01-02T03:04:05.678Z".to_owned(),
    }
}

fn list_body(n: usize) -> Bytes {
    let body = serde_json::json!({
        "instances": (0..n).map(instance).collect::<Vec<_>>(),
        "page_info": PageInfo { next_marker: Some("ins-marker-0001".to_owned()), current_count: n as u32 },
    });
    Bytes::from(serde_json::to_vec(&body).expect("json"))
}

fn canned() -> &'static Canned {
    static CANNED: OnceLock<Canned> = OnceLock::new();
    CANNED.get_or_init(|| Canned {
        list1: list_body(1),
        list50: list_body(50),
        created: Bytes::from(
            serde_json::to_vec(&serde_json::json!({ "instance": instance(7) })).expect("json"),
        ),
        error: Bytes::from_static(
            br#"{"error_code": "IAM.0011", "error_msg": "Request body is invalid: the member 'user.name' must be 1 to 64 characters long, it has none.", "request_id": "e311530c3f0b4b1c9d5e6f7a8b951311"}"#,
        ),
    })
}

/// Each request received, when recording: its request line and sorted
/// headers, and its body.
type Recorded = Arc<Mutex<Vec<(String, Bytes)>>>;

async fn respond(
    request: Request<Incoming>,
    record: Option<Recorded>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    // Read the whole request body, as a service does.
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let canned = canned();
    let path = parts.uri.path();
    let (status, id, bytes) = match (&parts.method, path) {
        (&hyper::Method::GET, "/v1/instances") => {
            let query = parts.uri.query().unwrap_or("");
            let bytes = if query == "limit=50" {
                &canned.list50
            } else {
                &canned.list1
            };
            (StatusCode::OK, "0a1b2c3d4e5f60718293a4b5c6d7e8f9", bytes)
        }
        (&hyper::Method::POST, "/v1/instances") => (
            StatusCode::CREATED,
            "1b2c3d4e5f60718293a4b5c6d7e8f90a",
            &canned.created,
        ),
        _ => (
            StatusCode::BAD_REQUEST,
            "e311530c3f0b4b1c9d5e6f7a8b951311",
            &canned.error,
        ),
    };
    if let Some(record) = record {
        let mut headers: Vec<String> = parts
            .headers
            .iter()
            .filter(|(k, _)| *k != hyper::header::CONTENT_LENGTH)
            .map(|(k, v)| format!("{k}: {}", String::from_utf8_lossy(v.as_bytes())))
            .collect();
        headers.sort();
        let head = format!(
            "{} {}\n    {}",
            parts.method,
            parts.uri,
            headers.join("\n    ")
        );
        record.lock().expect("record").push((head, body));
    }
    let mut response = Response::new(Full::new(bytes.clone()));
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, JSON);
    response
        .headers_mut()
        .insert("x-request-id", HeaderValue::from_static(id));
    // hyper adds `Date` and `Content-Length`.
    Ok(response)
}

async fn serve(listener: tokio::net::TcpListener, record: Option<Recorded>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let record = record.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |r| respond(r, record.clone()));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The child process: serve on a free port, print it, stop when stdin closes.
fn server_main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        println!("{}", listener.local_addr().expect("address"));
        std::io::stdout().flush().expect("stdout");
        std::thread::spawn(|| {
            // The parent holds our stdin: when it exits or closes it, so do we.
            let _ = std::io::stdin().read_to_end(&mut Vec::new());
            std::process::exit(0);
        });
        serve(listener, None).await;
    });
}

/// This binary again, serving; its address.
fn start_server() -> (Child, String) {
    let exe = std::env::current_exe().expect("current exe");
    let mut child = Command::new(exe)
        .env(SERVER_ENV, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("server process");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("server address");
    (child, format!("http://{}", line.trim()))
}

// ---------------------------------------------------------------------------
// Measuring.

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".to_owned())
}

/// CPU time (user + system) of this process so far: the sum over its threads
/// from `schedstat` (nanoseconds), else `/proc/self/stat` (10 ms ticks), else
/// nothing (not Linux).
fn cpu_time() -> Option<Duration> {
    let from_schedstat = || -> Option<Duration> {
        let mut total = 0u64;
        for task in std::fs::read_dir("/proc/self/task").ok()? {
            let path = task.ok()?.path().join("schedstat");
            let Ok(text) = std::fs::read_to_string(path) else {
                continue; // a thread that just exited
            };
            total += text.split_whitespace().next()?.parse::<u64>().ok()?;
        }
        Some(Duration::from_nanos(total))
    };
    let from_stat = || -> Option<Duration> {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let ticks: u64 =
            fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        Some(Duration::from_millis(ticks * 10))
    };
    from_schedstat().or_else(from_stat)
}

/// Over this process's threads: user and system time (10 ms ticks),
/// voluntary and involuntary context switches (Linux; zeros elsewhere).
fn task_counters() -> [u64; 4] {
    let mut sums = [0u64; 4];
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return sums;
    };
    for task in tasks.flatten() {
        if let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) {
            let fields: Vec<&str> = stat
                .rsplit_once(')')
                .map_or(vec![], |(_, rest)| rest.split_whitespace().collect());
            for (i, at) in [(0, 11), (1, 12)] {
                sums[i] += fields.get(at).and_then(|f| f.parse().ok()).unwrap_or(0);
            }
        }
        if let Ok(status) = std::fs::read_to_string(task.path().join("status")) {
            for line in status.lines() {
                let (i, rest) = if let Some(rest) = line.strip_prefix("voluntary_ctxt_switches:") {
                    (2, rest)
                } else if let Some(rest) = line.strip_prefix("nonvoluntary_ctxt_switches:") {
                    (3, rest)
                } else {
                    continue;
                };
                sums[i] += rest.trim().parse::<u64>().unwrap_or(0);
            }
        }
    }
    sums
}

/// A median and the range around it.
#[derive(Debug, Clone, Copy)]
struct Spread {
    median: f64,
    min: f64,
    max: f64,
}

fn spread(values: &[f64]) -> Spread {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    Spread {
        median: v[v.len() / 2],
        min: v[0],
        max: v[v.len() - 1],
    }
}

fn median(values: &[f64]) -> f64 {
    spread(values).median
}

/// The order of the contenders in round `i`: alternating who goes first.
fn order(i: usize) -> [Who; 2] {
    if i.is_multiple_of(2) {
        [Who::Hand, Who::Cloudwire]
    } else {
        [Who::Cloudwire, Who::Hand]
    }
}

/// What was measured for one operation.
struct Measured {
    op: Op,
    /// Median latency of each contender (µs), medians of the per-round medians.
    latency: (f64, f64),
    latency_ratio: Spread,
    /// Calls per second of each contender, medians over the rounds.
    rate: (f64, f64),
    rate_ratio: Spread,
    /// CPU µs per call of each contender (medians over the rounds) and the
    /// per-round ratios, when known.
    cpu: Option<((f64, f64), Spread)>,
    /// The ratio of CPU per call over all the rounds together (total CPU
    /// over total calls, of each), when known.
    cpu_pooled: Option<f64>,
    /// Allocations per call (hand, cloudwire).
    allocations: (f64, f64),
}

/// Allocations per call of `op` by `who`, over `calls` sequential calls.
async fn allocations(c: &Contenders, who: Who, op: Op, calls: u32) -> f64 {
    let before = Counting::allocations();
    for _ in 0..calls {
        assert!(c.call(who, op).await, "{who:?} {op:?}");
    }
    (Counting::allocations() - before) as f64 / f64::from(calls)
}

/// Sequential latency: per round, `per_round` calls each, alternating call by
/// call; returns the per-round medians (µs) of each and their ratios.
async fn sequential(c: &Contenders, op: Op, rounds: usize, per_round: usize) -> Measured {
    let (mut hand, mut framework, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..rounds {
        let mut samples = [Vec::with_capacity(per_round), Vec::with_capacity(per_round)];
        for j in 0..per_round {
            for who in order(i + j) {
                let start = Instant::now();
                let ok = c.call(who, op).await;
                let elapsed = start.elapsed().as_secs_f64() * 1e6;
                assert!(ok, "{who:?} {op:?}");
                samples[who as usize].push(elapsed);
            }
        }
        let (h, f) = (median(&samples[0]), median(&samples[1]));
        hand.push(h);
        framework.push(f);
        ratios.push(f / h);
    }
    Measured {
        op,
        latency: (median(&hand), median(&framework)),
        latency_ratio: spread(&ratios),
        rate: (0.0, 0.0),
        rate_ratio: spread(&[0.0]),
        cpu: None,
        cpu_pooled: None,
        allocations: (0.0, 0.0),
    }
}

/// One load round: `tasks` tasks calling `op` for `seconds`; calls completed,
/// the time until the last one finished, the process's CPU time meanwhile.
async fn load_round(
    c: &Contenders,
    who: Who,
    op: Op,
    tasks: usize,
    seconds: Duration,
) -> (u64, Duration, Option<Duration>) {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let cpu = cpu_time();
    let start = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..tasks {
        let (c, stop, done) = (c.clone(), Arc::clone(&stop), Arc::clone(&done));
        set.spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                assert!(c.call(who, op).await, "{who:?} {op:?}");
                done.fetch_add(1, Ordering::Relaxed);
            }
        });
    }
    tokio::time::sleep(seconds).await;
    stop.store(true, Ordering::Relaxed);
    while let Some(r) = set.join_next().await {
        r.expect("a task panicked");
    }
    let elapsed = start.elapsed();
    let cpu = cpu.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a));
    (done.load(Ordering::Relaxed), elapsed, cpu)
}

/// Throughput and CPU per call under load. Each round gives each contender
/// `seconds` in `slices` slices, alternating (who goes first alternates too),
/// so that a slower or busier stretch of the machine falls on both; the
/// round's figures are its slices' sums.
async fn throughput(
    c: &Contenders,
    m: &mut Measured,
    rounds: usize,
    slices: usize,
    tasks: usize,
    seconds: Duration,
) {
    let slice = seconds / slices as u32;
    let (mut rates, mut cpus) = ([Vec::new(), Vec::new()], [Vec::new(), Vec::new()]);
    let (mut rate_ratios, mut cpu_ratios) = (Vec::new(), Vec::new());
    // Total CPU seconds and calls of each, over the rounds.
    let mut totals = [(0.0, 0u64); 2];
    for i in 0..rounds {
        // Calls, seconds, CPU seconds (when known) of each in this round.
        let mut round = [(0u64, 0.0, Some(0.0)); 2];
        for s in 0..slices {
            for who in order(i + s) {
                let (calls, elapsed, cpu) = load_round(c, who, m.op, tasks, slice).await;
                let r = &mut round[who as usize];
                r.0 += calls;
                r.1 += elapsed.as_secs_f64();
                r.2 = r.2.zip(cpu).map(|(sum, cpu)| sum + cpu.as_secs_f64());
            }
        }
        let mut per_call = [None; 2];
        for who in [Who::Hand, Who::Cloudwire] {
            let (calls, elapsed, cpu) = round[who as usize];
            rates[who as usize].push(calls as f64 / elapsed);
            if let Some(cpu) = cpu {
                let p = cpu * 1e6 / calls as f64;
                cpus[who as usize].push(p);
                per_call[who as usize] = Some(p);
                totals[who as usize].0 += cpu;
                totals[who as usize].1 += calls;
            }
        }
        let n = rates[0].len() - 1;
        rate_ratios.push(rates[1][n] / rates[0][n]);
        if let [Some(h), Some(f)] = per_call {
            cpu_ratios.push(f / h);
        }
    }
    m.rate = (median(&rates[0]), median(&rates[1]));
    m.rate_ratio = spread(&rate_ratios);
    if !cpu_ratios.is_empty() {
        let per_call = |(cpu, calls): (f64, u64)| cpu / calls as f64;
        m.cpu_pooled = Some(per_call(totals[1]) / per_call(totals[0]));
        m.cpu = Some(((median(&cpus[0]), median(&cpus[1])), spread(&cpu_ratios)));
    }
}

/// One request of each operation from each contender to a recording server;
/// the differences between the two, if any, are printed.
async fn compare_requests() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let record: Recorded = Arc::default();
    let server = tokio::spawn(serve(listener, Some(Arc::clone(&record))));
    let c = Contenders::new(&base);
    for op in OPS {
        assert!(c.call(Who::Hand, op).await, "hand-written {op:?}");
        assert!(c.call(Who::Cloudwire, op).await, "cloudwire {op:?}");
    }
    server.abort();
    let requests = record.lock().expect("record").clone();
    let mut same = true;
    for (op, pair) in OPS.iter().zip(requests.chunks(2)) {
        let [(hand_head, hand_body), (head, body)] = pair else {
            panic!("two requests of each operation");
        };
        if hand_head != head {
            same = false;
            println!(
                "  {}: the requests differ\n  hand-written: {hand_head}\n  cloudwire:    {head}",
                op.name()
            );
        }
        if hand_body != body {
            println!(
                "  {}: the bodies differ (JSON written differently)\n    hand-written: {}\n    cloudwire:    {}",
                op.name(),
                String::from_utf8_lossy(hand_body),
                String::from_utf8_lossy(body)
            );
        }
    }
    if same {
        println!(
            "  the contenders send the same request line and headers (Content-Length aside) for every operation"
        );
    }
}

/// `CALLS_PROFILE=hand|cloudwire`: only `CALLS_PROFILE_CALLS` (default
/// 1000) sequential calls of `CALLS_PROFILE_OP` (`list1`, `list50`, `create`
/// or `error`) by one contender, after 100 to warm up, for a profiler or an
/// instruction counter (`valgrind --tool=callgrind` counts this process, not
/// the server's); run it with two call counts and take the difference to
/// leave start-up out. With `--cache-sim=yes --branch-sim=yes`, callgrind
/// also counts cache misses and mispredicted branches in its model of the
/// machine: the README's estimated cycles are instructions + 10 per
/// first-level miss + 100 per last-level miss + 20 per mispredicted branch.
fn profile(who: &str) {
    let who = match who {
        "hand" => Who::Hand,
        "cloudwire" => Who::Cloudwire,
        other => panic!("CALLS_PROFILE is hand or cloudwire, not {other:?}"),
    };
    let op = match std::env::var("CALLS_PROFILE_OP")
        .as_deref()
        .unwrap_or("list1")
    {
        "list1" => Op::List1,
        "list50" => Op::List50,
        "create" => Op::Create,
        "error" => Op::Error,
        other => panic!("CALLS_PROFILE_OP is list1, list50, create or error, not {other:?}"),
    };
    let calls: u32 = env_or("CALLS_PROFILE_CALLS", 1000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(env_or("CALLS_PROFILE_WORKERS", 2))
        .enable_all()
        .build()
        .expect("runtime");
    let (mut server, base) = start_server();
    let tasks: usize = env_or("CALLS_PROFILE_TASKS", 0);
    runtime.block_on(async {
        let c = Contenders::new(&base);
        for _ in 0..100 {
            assert!(c.call(who, op).await, "{who:?} {op:?}");
        }
        if tasks == 0 {
            for _ in 0..calls {
                assert!(c.call(who, op).await, "{who:?} {op:?}");
            }
            return;
        }
        // Under load: CPU split into user and system time, and context
        // switches, per call.
        let seconds = Duration::from_secs_f64(env_or("CALLS_PROFILE_SECONDS", 3.0));
        load_round(&c, who, op, tasks, Duration::from_millis(300)).await;
        let before = task_counters();
        let (done, elapsed, _) = load_round(&c, who, op, tasks, seconds).await;
        let after = task_counters();
        let per_call = |i: usize| (after[i] - before[i]) as f64 / done as f64;
        println!(
            "{who:?} {op:?}: {done} calls in {:.2} s ({:.0}/s); per call: user {:.1} µs, system {:.1} µs, \
             voluntary switches {:.3}, involuntary {:.3}",
            elapsed.as_secs_f64(),
            done as f64 / elapsed.as_secs_f64(),
            per_call(0) * 1e4,
            per_call(1) * 1e4,
            per_call(2),
            per_call(3),
        );
    });
    drop(server.stdin.take());
    let _ = server.wait();
}

fn cell(s: Spread, met: bool) -> String {
    format!(
        "{:.3} [{:.3}–{:.3}]{}",
        s.median,
        s.min,
        s.max,
        if met { "" } else { " ✗" }
    )
}

fn main() {
    if std::env::var_os(SERVER_ENV).is_some() {
        server_main();
        return;
    }
    if let Ok(who) = std::env::var("CALLS_PROFILE") {
        profile(&who);
        return;
    }
    let rounds: usize = env_or("CALLS_ROUNDS", 25).max(1);
    let seconds = Duration::from_secs_f64(env_or("CALLS_SECONDS", 0.4));
    let slices: usize = env_or("CALLS_SLICES", 4).max(1);
    let per_round: usize = env_or("CALLS_SEQUENTIAL", 300).max(1);
    let tasks: usize = env_or("CALLS_TASKS", 256).max(1);
    let load_before = load_average();
    let started = Instant::now();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    println!("calls: cloudwire / hand-written reqwest + serde_json, one loopback hyper server");
    let c = canned();
    println!(
        "response bodies: list 1 {} bytes, list 50 {} bytes, create {} bytes, error {} bytes",
        c.list1.len(),
        c.list50.len(),
        c.created.len(),
        c.error.len()
    );
    println!("requests compared on a recording server:");
    runtime.block_on(compare_requests());

    let (mut server, base) = start_server();
    let measured = runtime.block_on(async {
        let c = Contenders::new(&base);
        // Warm-up: both pools open and full, every path run.
        for op in OPS {
            for _ in 0..200 {
                for who in [Who::Hand, Who::Cloudwire] {
                    assert!(c.call(who, op).await, "{who:?} {op:?}");
                }
            }
        }
        for who in [Who::Hand, Who::Cloudwire] {
            load_round(&c, who, Op::List1, tasks, Duration::from_millis(300)).await;
        }
        let mut all = Vec::new();
        for op in OPS {
            // Allocations first, sequentially: the median of 3 alternating
            // readings of 500 calls each.
            let (mut h, mut f) = (Vec::new(), Vec::new());
            for _ in 0..3 {
                h.push(allocations(&c, Who::Hand, op, 500).await);
                f.push(allocations(&c, Who::Cloudwire, op, 500).await);
            }
            let mut m = sequential(&c, op, rounds, per_round).await;
            m.allocations = (median(&h), median(&f));
            throughput(&c, &mut m, rounds, slices, tasks, seconds).await;
            println!(
                "  measured {} ({:.0} s so far)",
                op.name(),
                started.elapsed().as_secs_f64()
            );
            all.push(m);
        }
        all
    });
    drop(server.stdin.take());
    let _ = server.wait();
    let load_after = load_average();

    println!();
    println!(
        "{rounds} rounds of each measure; latency: {per_round} calls each per round, alternating; \
         throughput: {tasks} tasks, {:.2} s each per round in {slices} alternating slices, 2 tokio workers; \
         server in a child process (2 workers); load average {load_before} before, {load_after} after; \
         {:.0} s in all",
        seconds.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    println!();
    println!(
        "| operation | latency µs (hand / cloudwire) | calls/s (hand / cloudwire) | client CPU µs per call (hand / cloudwire) | CPU ratio, all rounds pooled | allocations per call (hand / cloudwire) |"
    );
    println!("| --- | --- | --- | --- | --- | --- |");
    for m in &measured {
        let cpu = m
            .cpu
            .map_or("n/a".to_owned(), |((h, f), _)| format!("{h:.1} / {f:.1}"));
        let pooled = m.cpu_pooled.map_or("n/a".to_owned(), |r| format!("{r:.3}"));
        println!(
            "| {} | {:.1} / {:.1} | {:.0} / {:.0} | {cpu} | {pooled} | {:.1} / {:.1} |",
            m.op.name(),
            m.latency.0,
            m.latency.1,
            m.rate.0,
            m.rate.1,
            m.allocations.0,
            m.allocations.1,
        );
    }
    println!();
    let header: Vec<&str> = measured.iter().map(|m| m.op.short()).collect();
    println!(
        "| cloudwire / hand-written, median [range] of {rounds} rounds | {} | goal |",
        header.join(" | ")
    );
    println!("| --- |{} --- |", " --- |".repeat(measured.len()));
    let row = |name: &str, cells: Vec<String>, goal: &str| {
        println!("| {name} | {} | {goal} |", cells.join(" | "));
    };
    row(
        "sequential latency",
        measured
            .iter()
            .map(|m| cell(m.latency_ratio, m.latency_ratio.median <= 1.02))
            .collect(),
        "≤ 1.02",
    );
    row(
        &format!("throughput at {tasks} tasks"),
        measured
            .iter()
            .map(|m| cell(m.rate_ratio, m.rate_ratio.median >= 0.97))
            .collect(),
        "≥ 0.97",
    );
    row(
        "client CPU per call under load",
        measured
            .iter()
            .map(|m| {
                m.cpu
                    .map_or("n/a".to_owned(), |(_, s)| cell(s, s.median <= 1.05))
            })
            .collect(),
        "≤ 1.05",
    );
    row(
        "allocations per call (cloudwire vs hand-written)",
        measured
            .iter()
            .map(|m| {
                let (h, f) = m.allocations;
                format!("{f:.1} vs {h:.1}{}", if f <= h + 5.0 { "" } else { " ✗" })
            })
            .collect(),
        "≤ hand-written + 5",
    );
    println!();
    println!("✗: goal not met (on the median).");
}
