//! Criterion benchmarks, each ours against aws-sdk-ecs in the same run: a RunTask and
//! DescribeTasks calls of 1, 10 and 100 tasks answered from memory (both clients sign with
//! static credentials), building a client from the environment, endpoint resolution for three
//! partitions, and parsing the DescribeTasks body alone (ours; the peer's deserializers are
//! private).

use aws_sdk_ecs::config::endpoint::{Params, ResolveEndpoint};
use criterion::{BenchmarkId, Criterion, criterion_group};
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
    let (ours_rt, peer_rt) = (ours_in_memory(&run_task), peer_in_memory(&run_task));
    let mut group = c.benchmark_group("run_task_in_memory");
    group.bench_function("ours", |b| b.to_async(&rt).iter(|| ours_run_task(&ours_rt)));
    group.bench_function("peer", |b| b.to_async(&rt).iter(|| peer_run_task(&peer_rt)));
    group.finish();
    // Does the ratio hold as responses grow? 1 task is about 3 KB, 100 about 300 KB.
    let mut group = c.benchmark_group("describe_tasks_in_memory");
    for n in [1, 10, 100] {
        let describe = describe_tasks_body(n);
        let (ours_dt, peer_dt) = (ours_in_memory(&describe), peer_in_memory(&describe));
        group.bench_function(BenchmarkId::new("ours", n), |b| {
            b.to_async(&rt).iter(|| ours_describe_tasks(&ours_dt, n))
        });
        group.bench_function(BenchmarkId::new("peer", n), |b| {
            b.to_async(&rt).iter(|| peer_describe_tasks(&peer_dt, n))
        });
    }
    group.finish();
}

/// A client as a program builds it, from the environment [`main`] sets: ours with
/// `Config::from_env` + `Client::new`, the peer with `aws_config::load_defaults` +
/// `Client::new`.
fn construction(c: &mut Criterion) {
    let rt = runtime();
    let mut group = c.benchmark_group("client_construction");
    group.bench_function("ours", |b| b.to_async(&rt).iter(ours_from_env));
    group.bench_function("peer", |b| b.to_async(&rt).iter(peer_from_env));
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
    // The same `Deserialize` impls driven by two SIMD readers instead of serde_json.
    group.bench_function("ours_through_sonic_rs", |b| {
        b.iter(|| {
            sonic_rs::from_str::<amazon_ecs::operation::describe_tasks::DescribeTasksOutput>(
                black_box(&body),
            )
            .expect("parses")
        })
    });
    group.bench_function("ours_through_simd_json", |b| {
        b.iter(|| {
            // simd-json parses in place: the copy is part of what it costs.
            let mut bytes = black_box(body.as_bytes()).to_vec();
            simd_json::serde::from_slice::<
                amazon_ecs::operation::describe_tasks::DescribeTasksOutput,
            >(&mut bytes)
            .expect("parses")
        })
    });
    // The floor of any parser that returns these types: cloning the parsed output makes every
    // `String` and `Vec` a parse makes, and copies the same bytes, with no JSON to read.
    let parsed = aws_json_runtime::aws_json::parse_output::<
        amazon_ecs::operation::describe_tasks::DescribeTasksOutput,
    >(body.as_bytes())
    .expect("parses");
    group.bench_function("clone_of_the_output", |b| {
        b.iter(|| black_box(&parsed).clone())
    });
    group.finish();
}

criterion_group!(benches, calls, construction, endpoints, parsing);

fn main() {
    // Only the bench environment: a machine's own AWS_* variables (an AWS_CA_BUNDLE, a
    // profile) would make the two clients read different things.
    let theirs: Vec<_> = std::env::vars_os()
        .filter(|(name, _)| name.to_string_lossy().starts_with("AWS_"))
        .map(|(name, _)| name)
        .collect();
    // SAFETY: the first thing the process does: no other thread exists yet to read the
    // environment while it changes.
    unsafe {
        for name in theirs {
            std::env::remove_var(name);
        }
        for (name, value) in bench_env(None) {
            std::env::set_var(name, value);
        }
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
