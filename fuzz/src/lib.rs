//! The fuzz suite's runner: each target is a `#[test]` that runs a proptest strategy for a
//! bounded number of cases from a fixed seed, so `cargo test` (and CI) runs it in seconds and
//! finds the same things every time.
//!
//! Longer runs: `FUZZ_CASES=200000 FUZZ_SEED=$RANDOM cargo test --release -p ecs-fuzz -- --nocapture`.

pub mod expressions;
pub mod harness;

use std::time::Instant;

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

/// The seed CI uses; `FUZZ_SEED` picks another.
pub const DEFAULT_SEED: u64 = 0x05ee_dec5;

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not `{value}`")),
    )
}

/// Runs `test` on `default_cases` values of `strategy` (or `FUZZ_CASES`), from `FUZZ_SEED` or
/// [`DEFAULT_SEED`]; a failing case is shrunk and reported with the seed that found it.
pub fn fuzz<S: Strategy>(
    target: &str,
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let cases = env_number("FUZZ_CASES").map_or(default_cases, |n| n as u32);
    let seed = env_number("FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(
        config,
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    );
    let start = Instant::now();
    if let Err(e) = runner.run(&strategy, test) {
        panic!("fuzz target {target} (seed {seed}, FUZZ_SEED={seed} reproduces it): {e}");
    }
    println!(
        "fuzz target {target}: {cases} cases from seed {seed} in {:.1?}, nothing found",
        start.elapsed()
    );
}

/// A current-thread runtime with time enabled, for driving the client in a target.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("tokio runtime")
}

/// Runs `f` on a thread of its own with the default 2 MiB stack (so a recursion the input
/// controls shows up as an overflow here, not only in a program with a bigger stack): a hang
/// past `limit` and a panic come back as failures naming `what`.
pub fn guarded<T: Send + 'static>(
    what: &str,
    limit: std::time::Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, TestCaseError> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        let _ = tx.send(outcome.map_err(|p| {
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default()
        }));
    });
    match rx.recv_timeout(limit) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(panic)) => Err(TestCaseError::fail(format!("{what} panicked: {panic}"))),
        Err(_) => Err(TestCaseError::fail(format!(
            "{what} ran longer than {limit:?}"
        ))),
    }
}
