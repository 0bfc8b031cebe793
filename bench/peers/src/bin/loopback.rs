//! Calls per second and latency percentiles over loopback HTTP (a local server answering
//! every RunTask with the same bytes), ours and aws-sdk-ecs in the same run, with 1 and 16
//! concurrent callers sharing one client.
//!
//!     cargo run --release -p ecs-bench --bin loopback [calls per caller]

use std::sync::Arc;
use std::time::{Duration, Instant};

use ecs_bench::*;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn run<C, F>(
    client: Arc<C>,
    callers: usize,
    per_caller: usize,
    call: fn(Arc<C>) -> F,
) -> (f64, Duration, Duration)
where
    C: Send + Sync + 'static,
    F: std::future::Future<Output = usize> + Send + 'static,
{
    for _ in 0..50 {
        call(client.clone()).await;
    }
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..callers {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::with_capacity(per_caller);
            for _ in 0..per_caller {
                let t = Instant::now();
                call(client.clone()).await;
                times.push(t.elapsed());
            }
            times
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("caller"));
    }
    let elapsed = start.elapsed();
    all.sort();
    (
        all.len() as f64 / elapsed.as_secs_f64(),
        percentile(&all, 0.5),
        percentile(&all, 0.99),
    )
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let per_caller: usize = std::env::args()
        .nth(1)
        .map_or(2000, |s| s.parse().expect("a number"));
    let url = loopback_server(run_task_body()).await;
    let ours = Arc::new(ours_over_http(&url));
    let peer = Arc::new(peer_over_http(&url));
    for callers in [1, 16] {
        let n = (per_caller / callers).max(100);
        let (o_rate, o50, o99) = run(ours.clone(), callers, n, |c| async move {
            ours_run_task(&c).await
        })
        .await;
        let (p_rate, p50, p99) = run(peer.clone(), callers, n, |c| async move {
            peer_run_task(&c).await
        })
        .await;
        println!(
            "loopback callers {callers} ours {o_rate:.0}/s p50 {o50:?} p99 {o99:?} peer {p_rate:.0}/s p50 {p50:?} p99 {p99:?} ratio {:.2}",
            o_rate / p_rate
        );
    }
}
