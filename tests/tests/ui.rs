//! Compile-time tests of the macros (trybuild): every file in `ui/fail` must
//! fail to compile with exactly the diagnostics in its `.stderr`, every file in
//! `ui/pass` must compile and run.
//!
//! The `.stderr` files are rustc's output on the toolchain CI uses (rustc
//! 1.95); another toolchain may word or place a note differently. After a
//! change to a diagnostic, bless with
//! `TRYBUILD=overwrite cargo test -p cloudwire-tests --test ui` and read every
//! changed `.stderr`: one error per misuse, on the offending token, saying what
//! to write instead. `.ci/run` fails if this test did not run and pass.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.pass("ui/pass/*.rs");
}
