//! What cloudwire's macros cost at build time, measured, not guessed.
//!
//! ```sh
//! cargo run --release -p cloudwire-examples --example build_times
//! ```
//!
//! It writes two crates under `target/build-times/`, each with the same 100
//! operations (50 lists: a path parameter, two query parameters, a page of
//! items; 50 creates: a path parameter, a JSON body, a 201 response; each with
//! an `async fn` that calls it, so the code is generated, not just checked):
//!
//! - `defs-cloudwire`: `#[endpoint]`, `#[api_response]` and `#[model]`, each
//!   call `client.send(request).await`;
//! - `defs-handwritten`: serde derives and reqwest, each call building its URL
//!   and query by hand, sending, checking the status, reading `X-Request-Id`
//!   and decoding the body or the error body with `serde_json`.
//!
//! Both build in one target directory (the dependencies once), then, in
//! rounds that alternate the two crates, it times (wall clock, dependencies
//! already built): a cold `cargo check` of the crate, a cold `cargo build` of
//! it, and `touch` + `cargo check`; then, in as many rounds, a cold build of
//! `cloudwire-macros` against one of `thiserror-impl` (the proc-macro crate
//! of `thiserror`, in this workspace's lock file, on the same `syn`), twice:
//! built alone (`cargo build -p`, with debug info, as a crate being worked
//! on) and built as a user's build builds a proc-macro dependency (cargo's
//! `build-override` profile: no debug info). It prints the medians and
//! the median of the per-round ratios. cloudwire's crates are built as a
//! user's build gets them from a registry (not incrementally); the definition
//! crates as cargo builds a workspace member in a debug build (incrementally).
//! `BUILD_TIMES_ROUNDS` sets the rounds
//! (default 5), `BUILD_TIMES_OPS` the operations per crate (default 100).
//!
//! Wall-clock times on a shared machine move by a tenth or more from one
//! run to the next. With `BUILD_TIMES_INSTRUCTIONS=1` (valgrind installed) it
//! counts instead the instructions rustc runs (callgrind: the same count for
//! the same inputs, however busy the machine), for a check and a build of
//! each definition crate (not incremental) and a build of each proc-macro
//! crate as a dependency: about 30 minutes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let rounds = env_number("BUILD_TIMES_ROUNDS", 5);
    let ops = env_number("BUILD_TIMES_OPS", 100);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the examples crate is in the workspace")
        .to_path_buf();
    let root = repo.join("target").join("build-times");
    write_workspace(&root, &repo, ops);
    println!(
        "build_times: {ops} operations per crate, {rounds} rounds, in {}",
        root.display()
    );

    // Dependencies once, for checks and for builds, as each package alone
    // resolves them (features unify only among the packages built).
    for package in [
        "defs-cloudwire",
        "defs-handwritten",
        "cloudwire-macros",
        "thiserror-impl",
    ] {
        for command in ["check", "build"] {
            cargo(&root, &[command, "--quiet", "-p", package]);
        }
    }
    for package in ["cloudwire-macros", "thiserror-impl"] {
        cargo_with(&root, &["build", "--quiet", "-p", package], AS_DEPENDENCY);
    }
    if std::env::var_os("BUILD_TIMES_INSTRUCTIONS").is_some() {
        instructions(&root);
        return;
    }

    let mut table: Vec<(&str, Vec<Duration>, Vec<Duration>)> = vec![
        ("cold check of the crate", Vec::new(), Vec::new()),
        ("cold build of the crate", Vec::new(), Vec::new()),
        ("touch + check", Vec::new(), Vec::new()),
        (
            "cold build: cloudwire-macros / thiserror-impl",
            Vec::new(),
            Vec::new(),
        ),
        (
            "the same, built as a dependency (no debug info)",
            Vec::new(),
            Vec::new(),
        ),
    ];
    for round in 0..rounds {
        // Alternate which goes first, so that a slower stretch of the
        // machine does not always fall on the same one.
        let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for side in order {
            let krate = ["defs-cloudwire", "defs-handwritten"][side];
            let times = [
                timed_clean(&root, krate, "check", &[]),
                timed_clean(&root, krate, "build", &[]),
                timed_touch_check(&root, krate),
            ];
            for (row, time) in table.iter_mut().zip(times) {
                if side == 0 {
                    row.1.push(time);
                } else {
                    row.2.push(time);
                }
            }
        }
        eprintln!("round {} of {rounds} done", round + 1);
    }
    // The proc-macro crates last: rebuilding one makes its dependents (the
    // runtime, for the definition crates) build again, which must not fall
    // into the rounds above.
    for round in 0..rounds {
        let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for side in order {
            let macros = ["cloudwire-macros", "thiserror-impl"][side];
            let alone = timed_clean(&root, macros, "build", &[]);
            let as_dependency = timed_clean(&root, macros, "build", AS_DEPENDENCY);
            for (row, time) in table[3..].iter_mut().zip([alone, as_dependency]) {
                if side == 0 {
                    row.1.push(time);
                } else {
                    row.2.push(time);
                }
            }
        }
    }
    eprintln!("proc-macro crates done");

    println!();
    println!(
        "| measure | cloudwire | hand-written (or thiserror-impl) | ratio, median [range] of rounds |"
    );
    println!("| --- | --- | --- | --- |");
    for (name, ours, theirs) in &table {
        let mut ratios: Vec<f64> = ours
            .iter()
            .zip(theirs)
            .map(|(a, b)| a.as_secs_f64() / b.as_secs_f64())
            .collect();
        ratios.sort_by(f64::total_cmp);
        println!(
            "| {name} | {:.2} s | {:.2} s | {:.2}x [{:.2}-{:.2}] |",
            median(ours).as_secs_f64(),
            median(theirs).as_secs_f64(),
            ratios[ratios.len() / 2],
            ratios[0],
            ratios[ratios.len() - 1],
        );
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("\nload average at the end: {}", load.trim());
}

/// rustc's instructions for each measure, cloudwire's side first.
fn instructions(root: &Path) {
    println!();
    println!(
        "| rustc's instructions (callgrind) | cloudwire | hand-written (or thiserror-impl) | ratio |"
    );
    println!("| --- | --- | --- | --- |");
    let rows = [
        (
            "check of the crate",
            counted(root, "defs-cloudwire", "check", &[]),
            counted(root, "defs-handwritten", "check", &[]),
        ),
        (
            "build of the crate",
            counted(root, "defs-cloudwire", "build", &[]),
            counted(root, "defs-handwritten", "build", &[]),
        ),
        (
            "build: cloudwire-macros / thiserror-impl, as a dependency",
            counted(root, "cloudwire-macros", "build", AS_DEPENDENCY),
            counted(root, "thiserror-impl", "build", AS_DEPENDENCY),
        ),
    ];
    for (name, ours, theirs) in rows {
        println!(
            "| {name} | {:.3} G | {:.3} G | {:.3}x |",
            ours as f64 / 1e9,
            theirs as f64 / 1e9,
            ours as f64 / theirs as f64
        );
    }
}

/// The instructions rustc runs to compile `package` alone (its dependencies
/// built), not incrementally: cargo's own command, shown by `cargo -v`, run
/// again under callgrind (the linker, its child, counted too).
fn counted(root: &Path, package: &str, command: &str, env: &[(&str, &str)]) -> u64 {
    cargo(root, &["clean", "--quiet", "-p", package]);
    let output = cargo_command(root, &[command, "-v", "-p", package], env)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {command} -v -p {package} failed"
    );
    let shown = String::from_utf8_lossy(&output.stderr);
    let name = format!("--crate-name {} ", package.replace('-', "_"));
    let rustc = shown
        .lines()
        .find(|line| line.contains("Running `") && line.contains(&name))
        .and_then(|line| line.split('`').nth(1))
        .unwrap_or_else(|| panic!("cargo -v shows no rustc command for {package}"));
    const INCREMENTAL: &str = " -C incremental=";
    let rustc = match rustc.find(INCREMENTAL) {
        Some(at) => {
            let rest = &rustc[at + INCREMENTAL.len()..];
            let end = rest.find(' ').unwrap_or(rest.len());
            format!("{}{}", &rustc[..at], &rest[end..])
        }
        None => rustc.to_owned(),
    };
    let dir = root.join("callgrind");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let run = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--trace-children=yes",
            "--log-file=/dev/null",
        ])
        .arg(format!("--callgrind-out-file={}/out.%p", dir.display()))
        .args(["sh", "-c", &rustc])
        .current_dir(root)
        .output()
        .expect("valgrind runs (BUILD_TIMES_INSTRUCTIONS needs it)");
    assert!(
        run.status.success(),
        "rustc under callgrind failed: {rustc}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_dir(&dir)
        .expect("callgrind's files")
        .flatten()
        .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
        .filter_map(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("summary: "))
                .and_then(|n| n.trim().parse::<u64>().ok())
        })
        .sum()
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

/// How a user's build builds a proc-macro crate it depends on: cargo's
/// `build-override` profile turns debug info off (its other settings are the
/// debug profile's). Built directly (`-p`), the crate would get debug info.
const AS_DEPENDENCY: &[(&str, &str)] = &[("CARGO_PROFILE_DEV_DEBUG", "false")];

/// Cargo on the definition crates' workspace, with `env`.
fn cargo_command(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        // Cargo's defaults (the definition crates, workspace members, built
        // incrementally; see the profile above), whatever the caller's
        // environment says.
        .env_remove("CARGO_INCREMENTAL");
    command
}

fn cargo(root: &Path, args: &[&str]) -> Duration {
    cargo_with(root, args, &[])
}

fn cargo_with(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Duration {
    let started = Instant::now();
    let status = cargo_command(root, args, env).status().expect("cargo runs");
    assert!(
        status.success(),
        "cargo {args:?} failed in {}",
        root.display()
    );
    started.elapsed()
}

/// `cargo clean -p` then the command on that package alone (with `env`): the
/// package from nothing, its dependencies already built.
fn timed_clean(root: &Path, package: &str, command: &str, env: &[(&str, &str)]) -> Duration {
    cargo(root, &["clean", "--quiet", "-p", package]);
    cargo_with(root, &[command, "--quiet", "-p", package], env)
}

fn timed_touch_check(root: &Path, krate: &str) -> Duration {
    let lib = root.join(krate).join("src/lib.rs");
    let text = std::fs::read(&lib).expect("lib.rs");
    std::fs::write(&lib, text).expect("touch lib.rs");
    cargo(root, &["check", "--quiet", "-p", krate])
}

fn write(path: PathBuf, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    // Unchanged files keep their times, so reruns reuse what they can.
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
        std::fs::write(&path, text).expect("write");
    }
}

fn write_workspace(root: &Path, repo: &Path, ops: usize) {
    let runtime = repo.join("runtime");
    write(
        root.join("Cargo.toml"),
        &format!(
            r#"[workspace]
members = ["defs-cloudwire", "defs-handwritten"]
resolver = "3"

[workspace.dependencies]
cloudwire = {{ path = "{runtime}" }}

# cloudwire's crates are path dependencies here, which cargo would build
# incrementally (slower from nothing); a user gets them from a registry, built
# as every registry crate is, like thiserror-impl.
[profile.dev.package.cloudwire]
incremental = false
[profile.dev.package.cloudwire-macros]
incremental = false
"#,
            runtime = runtime.display()
        ),
    );
    // The same versions as cloudwire's own build.
    let lock = repo.join("Cargo.lock");
    if root.join("Cargo.lock").metadata().is_err() {
        std::fs::copy(&lock, root.join("Cargo.lock")).expect("copy Cargo.lock");
    }
    write(
        root.join("defs-cloudwire/Cargo.toml"),
        r#"[package]
name = "defs-cloudwire"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
cloudwire.workspace = true
# thiserror-impl is cloudwire-macros' yardstick: a dependency here so that
# both proc-macro crates are in this workspace's graph.
thiserror = "2"
"#,
    );
    write(
        root.join("defs-handwritten/Cargo.toml"),
        r#"[package]
name = "defs-handwritten"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
reqwest = { version = "0.13", default-features = false, features = ["rustls", "gzip", "deflate"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
percent-encoding = "2"
bytes = "1"
"#,
    );
    write(
        root.join("defs-cloudwire/src/lib.rs"),
        &cloudwire_crate(ops),
    );
    write(
        root.join("defs-handwritten/src/lib.rs"),
        &handwritten_crate(ops),
    );
}

fn cloudwire_crate(ops: usize) -> String {
    let mut s = String::from(
        "//! Generated by build_times: operations declared with cloudwire.\n\
         #![allow(dead_code)]\n\
         use cloudwire::{Client, Error, RequestId};\n\n",
    );
    for i in 0..ops {
        if i % 2 == 0 {
            write!(
                s,
                r#"
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct Thing{i} {{
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub size: u64,
}}

#[cloudwire::api_response]
#[derive(Debug)]
pub struct ListThings{i}Response {{
    pub things: Vec<Thing{i}>,
    pub count: u32,
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}}

#[cloudwire::endpoint(GET, "/v1/{{project_id}}/things{i}", response = ListThings{i}Response)]
pub struct ListThings{i} {{
    #[cloudwire(path)]
    pub project_id: String,
    #[cloudwire(query)]
    pub limit: Option<u32>,
    #[cloudwire(query)]
    pub marker: Option<String>,
}}

pub async fn list_things{i}(client: &Client, request: ListThings{i}) -> Result<ListThings{i}Response, Error> {{
    client.send(request).await
}}
"#
            )
            .unwrap();
        } else {
            write!(
                s,
                r#"
#[cloudwire::model]
#[derive(Debug, Clone)]
pub struct Widget{i} {{
    pub id: String,
    pub name: String,
    pub enabled: bool,
}}

#[cloudwire::api_response(status = 201)]
#[derive(Debug)]
pub struct CreateWidget{i}Response {{
    pub widget: Widget{i},
    #[cloudwire(request_id)]
    pub request_id: Option<RequestId>,
}}

#[cloudwire::endpoint(POST, "/v1/{{project_id}}/widgets{i}", response = CreateWidget{i}Response)]
pub struct CreateWidget{i} {{
    #[cloudwire(path)]
    pub project_id: String,
    pub name: String,
    pub description: Option<String>,
    pub enabled: bool,
}}

pub async fn create_widget{i}(client: &Client, request: CreateWidget{i}) -> Result<CreateWidget{i}Response, Error> {{
    client.send(request).await
}}
"#
            )
            .unwrap();
        }
    }
    s
}

fn handwritten_crate(ops: usize) -> String {
    let mut s = String::from(
        r#"//! Generated by build_times: the same operations written by hand.
#![allow(dead_code)]
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

fn encode(text: &str) -> percent_encoding::PercentEncode<'_> {
    utf8_percent_encode(text, UNRESERVED)
}

#[derive(Debug)]
pub enum Error {
    Transport(reqwest::Error),
    Api { status: u16, request_id: Option<String>, code: Option<String>, message: Option<String> },
    Decode(serde_json::Error),
}

#[derive(Deserialize)]
struct ErrorBody {
    error_code: Option<String>,
    error_msg: Option<String>,
    request_id: Option<String>,
}

pub struct Client {
    pub http: reqwest::Client,
    pub endpoint: String,
    pub token: String,
}

async fn read(response: reqwest::Response, success: u16) -> Result<(Option<String>, bytes::Bytes), Error> {
    let status = response.status().as_u16();
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.bytes().await.map_err(Error::Transport)?;
    if status != success {
        let parsed: Option<ErrorBody> = serde_json::from_slice(&body).ok();
        let (code, message, body_id) = match parsed {
            Some(b) => (b.error_code, b.error_msg, b.request_id),
            None => (None, None, None),
        };
        return Err(Error::Api { status, request_id: request_id.or(body_id), code, message });
    }
    Ok((request_id, body))
}
"#,
    );
    for i in 0..ops {
        if i % 2 == 0 {
            write!(
                s,
                r#"
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Thing{i} {{
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub size: u64,
}}

#[derive(Debug, Deserialize)]
pub struct ListThings{i}Response {{
    pub things: Vec<Thing{i}>,
    pub count: u32,
    #[serde(skip)]
    pub request_id: Option<String>,
}}

pub struct ListThings{i} {{
    pub project_id: String,
    pub limit: Option<u32>,
    pub marker: Option<String>,
}}

pub async fn list_things{i}(client: &Client, request: ListThings{i}) -> Result<ListThings{i}Response, Error> {{
    let mut url = format!("{{}}/v1/{{}}/things{i}", client.endpoint, encode(&request.project_id));
    let mut sep = '?';
    if let Some(limit) = request.limit {{
        let _ = write!(url, "{{sep}}limit={{limit}}");
        sep = '&';
    }}
    if let Some(marker) = &request.marker {{
        let _ = write!(url, "{{sep}}marker={{}}", encode(marker));
    }}
    let response = client
        .http
        .get(url)
        .header("X-Auth-Token", &client.token)
        .header("Content-Type", "application/json")
        .send()
        .await
        .map_err(Error::Transport)?;
    let (request_id, body) = read(response, 200).await?;
    let mut out: ListThings{i}Response = serde_json::from_slice(&body).map_err(Error::Decode)?;
    out.request_id = request_id;
    Ok(out)
}}
"#
            )
            .unwrap();
        } else {
            write!(
                s,
                r#"
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Widget{i} {{
    pub id: String,
    pub name: String,
    pub enabled: bool,
}}

#[derive(Debug, Deserialize)]
pub struct CreateWidget{i}Response {{
    pub widget: Widget{i},
    #[serde(skip)]
    pub request_id: Option<String>,
}}

#[derive(Serialize)]
pub struct CreateWidget{i} {{
    #[serde(skip)]
    pub project_id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub enabled: bool,
}}

pub async fn create_widget{i}(client: &Client, request: CreateWidget{i}) -> Result<CreateWidget{i}Response, Error> {{
    let url = format!("{{}}/v1/{{}}/widgets{i}", client.endpoint, encode(&request.project_id));
    let body = serde_json::to_vec(&request).map_err(Error::Decode)?;
    let response = client
        .http
        .post(url)
        .header("X-Auth-Token", &client.token)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .map_err(Error::Transport)?;
    let (request_id, body) = read(response, 201).await?;
    let mut out: CreateWidget{i}Response = serde_json::from_slice(&body).map_err(Error::Decode)?;
    out.request_id = request_id;
    Ok(out)
}}
"#
            )
            .unwrap();
        }
    }
    s
}
