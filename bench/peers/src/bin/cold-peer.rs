//! A fresh process's first call with aws-sdk-ecs: `aws_config::load_defaults`, `Client::new`,
//! one RunTask. Started by `coldstart`, which times it and reads what it prints.

use ecs_bench::*;

#[global_allocator]
static GLOBAL: Counting = Counting;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut measure = ColdStart::begin();
    let client = peer_from_env().await;
    measure.built();
    assert_eq!(peer_run_task(&client).await, 1, "RunTask returns one task");
    measure.report();
}
