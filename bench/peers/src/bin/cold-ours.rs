//! A fresh process's first call with our client: `Config::from_env`, `Client::new`, one
//! RunTask. Started by `coldstart`, which times it and reads what it prints.

use ecs_bench::*;

#[global_allocator]
static GLOBAL: Counting = Counting;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut measure = ColdStart::begin();
    let client = ours_from_env().await;
    measure.built();
    assert_eq!(ours_run_task(&client).await, 1, "RunTask returns one task");
    measure.report();
}
