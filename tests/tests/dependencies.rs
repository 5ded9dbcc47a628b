//! What a user's cold build compiles for cloudwire: one `syn`.
//!
//! `syn` is the largest crate a proc-macro brings (seconds of CPU, built
//! before anything that uses a derive). cloudwire's own dependencies (serde's
//! derive, tokio's macros, the URL crate's Unicode tables) share one major
//! version of it; `cloudwire-macros` on another major version made every
//! user's cold build compile `syn` twice, for cloudwire's macros alone. This
//! test reads the locked dependency graph of `cloudwire` with its default
//! features (what `cloudwire = "..."` gives a user) and fails if it holds
//! more than one `syn`.

use std::process::Command;

#[test]
fn a_users_build_compiles_one_syn() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "tree",
            "--package",
            "cloudwire",
            "--edges",
            "normal,build",
            "--locked",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).expect("cargo tree prints UTF-8");
    let mut syns: Vec<&str> = tree
        .lines()
        .filter(|line| line.starts_with("syn v"))
        .map(|line| line.split_whitespace().nth(1).unwrap_or(line))
        .collect();
    syns.sort_unstable();
    syns.dedup();
    assert_eq!(
        syns.len(),
        1,
        "cloudwire's default build compiles syn {syns:?}: put cloudwire-macros on the version its other dependencies use"
    );
    // And cloudwire-macros is among its users (the test reads the right graph).
    assert!(
        tree.lines().any(|l| l.starts_with("cloudwire-macros v")),
        "cloudwire-macros is not in cloudwire's graph:\n{tree}"
    );
}
