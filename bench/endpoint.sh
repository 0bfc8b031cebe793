#!/usr/bin/env bash
# Endpoint resolution per call: amazon-ecs (runtime rules engine over the embedded rule set)
# against aws-sdk-ecs (smithy-rs's generated Rust resolver), same parameters, same run.
#
#   bench/endpoint.sh        # prints ns per resolution for both (median of 3 runs) and the ratio
#
# Uses target/bench (from bench/compare-build.sh) when it exists, so aws-sdk-ecs is not
# compiled twice.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/bench-endpoint"
mkdir -p "$work/ours/src" "$work/peer/src" "$work/head"
rm -rf "$work/head/generated" "$work/head/runtime"
git -C "$root" archive HEAD generated runtime | tar -x -C "$work/head"

cat > "$work/ours/Cargo.toml" <<TOML
[package]
name = "ours-endpoint"
version = "0.1.0"
edition = "2024"
[dependencies]
amazon-ecs = { path = "$work/head/generated" }
aws-json-runtime = { path = "$work/head/runtime" }
[workspace]
TOML
cat > "$work/ours/src/main.rs" <<'RS'
use aws_json_runtime::endpoint::EndpointParams;
fn main() {
    let n: u32 = std::env::args().nth(1).map_or(200_000, |s| s.parse().unwrap());
    let cases = [("us-east-1", false, false), ("us-gov-west-1", true, false), ("cn-north-1", false, true)];
    for (region, fips, dual) in cases {
        let params = EndpointParams { region: Some(region.into()), use_fips: fips, use_dual_stack: dual, endpoint: None };
        let first = amazon_ecs::endpoint::resolve(&params).unwrap();
        let start = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(amazon_ecs::endpoint::resolve(std::hint::black_box(&params)).unwrap());
        }
        println!("{region} fips={fips} dual={dual} {:.0} ns {}", start.elapsed().as_nanos() as f64 / f64::from(n), first.url);
    }
}
RS

cat > "$work/peer/Cargo.toml" <<'TOML'
[package]
name = "peer-endpoint"
version = "0.1.0"
edition = "2024"
[dependencies]
aws-sdk-ecs = { version = "1.157", default-features = false, features = ["behavior-version-latest", "default-https-client", "rt-tokio"] }
tokio = { version = "1", features = ["rt", "macros"] }
[workspace]
TOML
cat > "$work/peer/src/main.rs" <<'RS'
use aws_sdk_ecs::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let n: u32 = std::env::args().nth(1).map_or(200_000, |s| s.parse().unwrap());
    let resolver = DefaultResolver::new();
    let cases = [("us-east-1", false, false), ("us-gov-west-1", true, false), ("cn-north-1", false, true)];
    for (region, fips, dual) in cases {
        let params = Params::builder().region(region).use_fips(fips).use_dual_stack(dual).build().unwrap();
        let first = resolver.resolve_endpoint(&params).await.unwrap();
        let start = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(resolver.resolve_endpoint(std::hint::black_box(&params)).await.unwrap());
        }
        println!("{region} fips={fips} dual={dual} {:.0} ns {}", start.elapsed().as_nanos() as f64 / f64::from(n), first.url());
    }
}
RS

peer_target="$work/peer/target"
[ -d "$root/target/bench/peer/target" ] && peer_target="$root/target/bench/peer/target"
(cd "$work/ours" && cargo build --quiet --release)
(cd "$work/peer" && CARGO_TARGET_DIR="$peer_target" cargo build --quiet --release)
# Three runs each, median per case: single runs on a shared 2-core machine vary by ~20%.
median() { # binary
  for _ in 1 2 3; do "$1" 500000; done | sort -k1,1 -k4,4n | awk '{ n[$1]++; if (n[$1] == 2) print }'
}
echo "== amazon-ecs (median of 3 runs, ns per resolution)"
median "$work/ours/target/release/ours-endpoint" | tee "$work/ours.txt"
echo "== aws-sdk-ecs (median of 3 runs, ns per resolution)"
median "$peer_target/release/peer-endpoint" | tee "$work/peer.txt"
echo "== ratio amazon-ecs / aws-sdk-ecs"
paste -d' ' "$work/ours.txt" "$work/peer.txt" | awk '{ printf "%s %s %s %.1fx\n", $1, $2, $3, $4 / $10 }'
