//! Allocations per call, ours and aws-sdk-ecs, counted by a global allocator: the same
//! in-memory RunTask and DescribeTasks calls as the criterion benchmarks.
//!
//!     cargo run --release -p ecs-bench --bin allocs

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

use ecs_bench::*;

struct Counting;
static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

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
    let (a, b) = (
        ALLOCS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    for _ in 0..n {
        call().await;
    }
    (
        (ALLOCS.load(Ordering::Relaxed) - a) / n,
        (BYTES.load(Ordering::Relaxed) - b) / n,
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
            per_call(n, || ours_describe_tasks(&ours_dt)).await,
            per_call(n, || peer_describe_tasks(&peer_dt)).await,
        ),
    ];
    for (name, (oa, ob), (pa, pb)) in rows {
        println!(
            "allocs {name} ours {oa} peer {pa} ratio {:.2} bytes ours {ob} peer {pb}",
            oa as f64 / pa as f64
        );
    }
}
