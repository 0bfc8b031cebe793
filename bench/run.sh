#!/usr/bin/env bash
# Every benchmark of amazon-ecs against aws-sdk-ecs, in one run on this machine, and the table
# BENCHMARKS.md records:
#
#   bench/run.sh            # full: criterion defaults, 3 loopback rounds, build comparison
#   bench/run.sh --quick    # a few minutes: short criterion runs, no clean-build comparison
#
# Results: target/bench-run/table.md (and criterion's HTML under bench/target/criterion).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
quick=false
[ "${1:-}" = "--quick" ] && quick=true
out="$root/target/bench-run"
mkdir -p "$out"
cd "$root/bench"

echo "== criterion: calls in memory, endpoint resolution, parsing"
if $quick; then
  cargo bench --quiet -p ecs-bench --bench peers -- --warm-up-time 1 --measurement-time 3 --sample-size 20 | tee "$out/criterion.txt"
else
  cargo bench --quiet -p ecs-bench --bench peers | tee "$out/criterion.txt"
fi
median_ns() { # group/id → median estimate in ns
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["median"]["point_estimate"])' \
    "$root/bench/target/criterion/$1/new/estimates.json"
}

echo "== allocations per call"
cargo run --quiet --release -p ecs-bench --bin allocs | tee "$out/allocs.txt"
echo "== loopback HTTP"
rounds=3; $quick && rounds=1
for _ in $(seq "$rounds"); do
  cargo run --quiet --release -p ecs-bench --bin loopback -- "$($quick && echo 1000 || echo 4000)"
done | tee "$out/loopback.txt"

echo "== codegen, whole published model (release xtask, median of 5)"
(cd "$root" && cargo build --quiet --release -p xtask)
codegen_ms=$(for _ in 1 2 3 4 5; do
  s=$(date +%s%N); "$root/target/release/xtask" codegen --model "$root/../shared/models/ecs.json" --all-operations --out "$out/codegen-full" >/dev/null; e=$(date +%s%N)
  echo $(( (e - s) / 1000000 ))
done | sort -n | sed -n 3p)

build_rows=""
if ! $quick; then
  echo "== clean build and binary size (bench/compare-build.sh)"
  PROGRAMS="ours peer" "$root/bench/compare-build.sh"
  build_rows=$(cat "$root/target/bench/results.md")
fi

python3 - "$out" "$codegen_ms" <<'PY' | tee "$out/table.md"
import json, re, sys, statistics
out, codegen_ms = sys.argv[1], sys.argv[2]
root = out.rsplit("/target/", 1)[0]
def med(path):
    return json.load(open(f"{root}/bench/target/criterion/{path}/new/estimates.json"))["median"]["point_estimate"]
rows = []
for name, group in [("RunTask call, in memory", "run_task_in_memory"), ("DescribeTasks call, in memory (10 tasks)", "describe_tasks_in_memory")]:
    o, p = 1e9 / med(f"{group}/ours"), 1e9 / med(f"{group}/peer")
    rows.append((name, f"{o:,.0f} /s", f"{p:,.0f} /s", f"{o / p:.2f}x", ">= 4x"))
allocs = {m.group(1): m for m in re.finditer(r"allocs (\w+) ours (\d+) peer (\d+)", open(f"{out}/allocs.txt").read())}
rows.append(("allocations per call, RunTask / DescribeTasks",
             f"{allocs['run_task'].group(2)} / {allocs['describe_tasks'].group(2)}",
             f"{allocs['run_task'].group(3)} / {allocs['describe_tasks'].group(3)}",
             f"{int(allocs['run_task'].group(2)) / int(allocs['run_task'].group(3)):.2f} / {int(allocs['describe_tasks'].group(2)) / int(allocs['describe_tasks'].group(3)):.2f}",
             "<= 0.5x"))
rows.append(("parsing the 30 KB DescribeTasks body", f"{med('parse_describe_tasks_30kb/ours') / 1000:.1f} µs", "(private)", "", "<= 60 µs"))
for region in ["us-east-1", "us-gov-west-1", "cn-north-1"]:
    o, p = med(f"endpoint_resolution/ours/{region}"), med(f"endpoint_resolution/peer/{region}")
    rows.append((f"endpoint resolution, {region}", f"{o:,.0f} ns", f"{p:,.0f} ns", f"{o / p:.2f}x time", "<= 0.5x"))
loop = {}
for m in re.finditer(r"loopback callers (\d+) ours (\d+)/s p50 (\S+) p99 (\S+) peer (\d+)/s p50 (\S+) p99 (\S+)", open(f"{out}/loopback.txt").read()):
    loop.setdefault(m.group(1), []).append(m)
for callers, ms in sorted(loop.items(), key=lambda kv: int(kv[0])):
    m = sorted(ms, key=lambda m: int(m.group(2)))[len(ms) // 2]
    o, p = int(m.group(2)), int(m.group(5))
    rows.append((f"loopback HTTP, {callers} caller(s), RunTask", f"{o:,} /s (p50 {m.group(3)}, p99 {m.group(4)})", f"{p:,} /s (p50 {m.group(6)}, p99 {m.group(7)})", f"{o / p:.2f}x", ">= 2x, p99 no worse"))
rows.append(("`cargo xtask codegen`, whole published model, release", f"{codegen_ms} ms", "(JVM/Gradle)", "", "<= 150 ms"))
print("| what | ours | aws-sdk-ecs | ratio | target |")
print("|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
PY
if [ -n "$build_rows" ]; then
  echo
  echo "$build_rows" | tee -a "$out/table.md"
fi
