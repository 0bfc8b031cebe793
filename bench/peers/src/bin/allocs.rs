//! Allocations per call, ours and aws-sdk-ecs, counted by a global allocator: the same
//! in-memory RunTask and DescribeTasks calls as the criterion benchmarks.
//!
//!     cargo run --release -p ecs-bench --bin allocs

use ecs_bench::*;

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and bytes per call over `n` calls, after warm-up calls.
async fn per_call<F: std::future::Future<Output = usize>>(
    n: u64,
    mut call: impl FnMut() -> F,
) -> (u64, u64) {
    for _ in 0..100 {
        call().await;
    }
    let (a, b) = (Counting::allocations(), Counting::bytes());
    for _ in 0..n {
        call().await;
    }
    (
        (Counting::allocations() - a) / n,
        (Counting::bytes() - b) / n,
    )
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let n = 2000;
    let run_task = run_task_body();
    let describe = describe_tasks_body(10);
    let (ours_rt, peer_rt) = (ours_in_memory(&run_task), peer_in_memory(&run_task));
    let (ours_dt, peer_dt) = (ours_in_memory(&describe), peer_in_memory(&describe));
    let rows = [
        (
            "run_task",
            per_call(n, || ours_run_task(&ours_rt)).await,
            per_call(n, || peer_run_task(&peer_rt)).await,
        ),
        (
            "describe_tasks",
            per_call(n, || ours_describe_tasks(&ours_dt, 10)).await,
            per_call(n, || peer_describe_tasks(&peer_dt, 10)).await,
        ),
    ];
    // The floor of any client returning these types: cloning the parsed output allocates
    // every `String` and `Vec` the parse does.
    let parsed = aws_json_runtime::aws_json::parse_output::<
        amazon_ecs::operation::describe_tasks::DescribeTasksOutput,
    >(describe.as_bytes())
    .expect("parses");
    let before = Counting::allocations();
    drop(std::hint::black_box(parsed.clone()));
    println!(
        "allocs describe_tasks_output_clone {}",
        Counting::allocations() - before
    );
    for (name, (oa, ob), (pa, pb)) in rows {
        println!(
            "allocs {name} ours {oa} peer {pa} ratio {:.2} bytes ours {ob} peer {pb}",
            oa as f64 / pa as f64
        );
    }
}
