//! Criterion benchmarks, each ours against aws-sdk-ecs in the same run: a RunTask and a
//! ten-task DescribeTasks call answered from memory (both clients sign with static
//! credentials), endpoint resolution for three partitions, and parsing the DescribeTasks body
//! alone (ours; the peer's deserializers are private).

use aws_sdk_ecs::config::endpoint::{Params, ResolveEndpoint};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ecs_bench::*;
use std::hint::black_box;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn calls(c: &mut Criterion) {
    let rt = runtime();
    let run_task = run_task_body();
    let describe = describe_tasks_body(10);
    let (ours_rt, peer_rt) = (ours_in_memory(&run_task), peer_in_memory(&run_task));
    let (ours_dt, peer_dt) = (ours_in_memory(&describe), peer_in_memory(&describe));
    let mut group = c.benchmark_group("run_task_in_memory");
    group.bench_function("ours", |b| b.to_async(&rt).iter(|| ours_run_task(&ours_rt)));
    group.bench_function("peer", |b| b.to_async(&rt).iter(|| peer_run_task(&peer_rt)));
    group.finish();
    let mut group = c.benchmark_group("describe_tasks_in_memory");
    group.bench_function("ours", |b| {
        b.to_async(&rt).iter(|| ours_describe_tasks(&ours_dt))
    });
    group.bench_function("peer", |b| {
        b.to_async(&rt).iter(|| peer_describe_tasks(&peer_dt))
    });
    group.finish();
}

const REGIONS: [(&str, bool, bool); 3] = [
    ("us-east-1", false, false),
    ("us-gov-west-1", true, false),
    ("cn-north-1", false, true),
];

fn endpoints(c: &mut Criterion) {
    let rt = runtime();
    let resolver = aws_sdk_ecs::config::endpoint::DefaultResolver::new();
    let mut group = c.benchmark_group("endpoint_resolution");
    for (region, fips, dual) in REGIONS {
        let ours = aws_json_runtime::endpoint::EndpointParams {
            region: Some(region.into()),
            use_fips: fips,
            use_dual_stack: dual,
            endpoint: None,
        };
        let peer = Params::builder()
            .region(region)
            .use_fips(fips)
            .use_dual_stack(dual)
            .build()
            .expect("params");
        group.bench_with_input(BenchmarkId::new("ours", region), &ours, |b, p| {
            b.iter(|| amazon_ecs::endpoint::resolve(black_box(p)).expect("resolves"))
        });
        group.bench_with_input(BenchmarkId::new("peer", region), &peer, |b, p| {
            b.to_async(&rt).iter(|| async {
                resolver
                    .resolve_endpoint(black_box(p))
                    .await
                    .expect("resolves")
            })
        });
    }
    group.finish();
}

fn parsing(c: &mut Criterion) {
    let body = describe_tasks_body(10);
    let mut group = c.benchmark_group("parse_describe_tasks_30kb");
    group.throughput(criterion::Throughput::Bytes(body.len() as u64));
    group.bench_function("ours", |b| {
        b.iter(|| {
            aws_json_runtime::aws_json::parse_output::<
                amazon_ecs::operation::describe_tasks::DescribeTasksOutput,
            >(black_box(body.as_bytes()))
            .expect("parses")
        })
    });
    group.finish();
}

criterion_group!(benches, calls, endpoints, parsing);
criterion_main!(benches);
