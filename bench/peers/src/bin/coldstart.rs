//! The Lambda cold-start case, ours and aws-sdk-ecs in the same run: a fresh process builds a
//! client from the environment (static credentials, a region, `AWS_ENDPOINT_URL` pointing at a
//! local server) and makes one RunTask. Times each process from spawn to exit, alternating the
//! two programs, and reports medians of the time, the process's peak resident memory, and the
//! heap its client holds once built and once idle after the call.
//!
//!     cargo build --release -p ecs-bench --bins && target/release/coldstart [rounds]

use std::process::Command;
use std::time::{Duration, Instant};

use ecs_bench::*;

/// One process's figures.
struct Run {
    time: Duration,
    built: i64,
    idle: i64,
    peak_kb: u64,
}

fn run(program: &std::path::Path, endpoint: &str) -> Run {
    let start = Instant::now();
    let output = Command::new(program)
        .env_clear()
        .envs(bench_env(Some(endpoint)))
        .output()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
    let time = start.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{} failed: {}{stdout}",
        program.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let field = |name: &str| -> i64 {
        stdout
            .split_whitespace()
            .skip_while(|w| *w != name)
            .nth(1)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| {
                panic!(
                    "no `{name}` in the output of {}: {stdout}",
                    program.display()
                )
            })
    };
    Run {
        time,
        built: field("built"),
        idle: field("idle"),
        peak_kb: field("peak_kb") as u64,
    }
}

fn median<T: Ord + Copy>(mut values: Vec<T>) -> T {
    values.sort();
    values[values.len() / 2]
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse().expect("rounds is a number"))
        .unwrap_or(30);
    let dir = std::env::current_exe()
        .expect("own path")
        .parent()
        .expect("a directory")
        .to_owned();
    let programs = [
        ("ours", dir.join("cold-ours")),
        ("peer", dir.join("cold-peer")),
    ];
    for (_, p) in &programs {
        assert!(
            p.exists(),
            "{} is not built: cargo build --release -p ecs-bench --bins",
            p.display()
        );
    }
    let server = tokio::runtime::Runtime::new().expect("tokio runtime");
    let endpoint = server.block_on(loopback_server(run_task_body()));
    let mut runs: [Vec<Run>; 2] = [Vec::new(), Vec::new()];
    // One of each first, unmeasured: the programs' pages into the page cache.
    for (_, p) in &programs {
        run(p, &endpoint);
    }
    for _ in 0..rounds {
        for (i, (_, p)) in programs.iter().enumerate() {
            runs[i].push(run(p, &endpoint));
        }
    }
    let mut line = String::from("coldstart");
    for ((name, _), runs) in programs.iter().zip(&runs) {
        let time = median(runs.iter().map(|r| r.time).collect());
        line += &format!(
            " {name} ms {:.1} peak_kb {} built {} idle {}",
            time.as_secs_f64() * 1e3,
            median(runs.iter().map(|r| r.peak_kb).collect()),
            median(runs.iter().map(|r| r.built).collect()),
            median(runs.iter().map(|r| r.idle).collect()),
        );
    }
    println!("{line}");
}
