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
echo "== cold start: a fresh process's first RunTask, its memory, an idle client's heap"
cargo build --quiet --release -p ecs-bench --bins
"$root/bench/target/release/coldstart" "$($quick && echo 10 || echo 30)" | tee "$out/coldstart.txt"
echo "== loopback HTTP"
rounds=3; $quick && rounds=1
for _ in $(seq "$rounds"); do
  cargo run --quiet --release -p ecs-bench --bin loopback -- "$($quick && echo 1000 || echo 4000)"
done | tee "$out/loopback.txt"

echo "== codegen: our 4 operations, the whole published model, a model twice its size (release xtask, median of 5)"
(cd "$root" && cargo build --quiet --release -p xtask)
# Twice the published model: every shape again under a new name (`RunTask` → `RunTaskCopy`),
# the copies' operations and resources added to the service.
python3 - "$root/../shared/models/ecs.json" "$out/ecs-x2.json" <<'PY'
import json, sys
model = json.load(open(sys.argv[1]))
shapes = model["shapes"]
service = next(k for k, v in shapes.items() if v["type"] == "service")
ids = {k for k in shapes if k != service}
def renamed(v):
    if isinstance(v, str):
        return v + "Copy" if v in ids else v
    if isinstance(v, list):
        return [renamed(x) for x in v]
    if isinstance(v, dict):
        return {k: renamed(x) for k, x in v.items()}
    return v
for k in sorted(ids):
    copy = renamed(shapes[k])
    waiters = copy.get("traits", {}).get("smithy.waiters#waitable")
    if waiters:
        copy["traits"]["smithy.waiters#waitable"] = {n + "Copy": w for n, w in waiters.items()}
    shapes[k + "Copy"] = copy
for key in ("operations", "resources"):
    shapes[service][key] = shapes[service].get(key, []) + renamed(shapes[service].get(key, []))
json.dump(model, open(sys.argv[2], "w"))
PY
codegen_ms() { # median of 5 runs of `xtask codegen ARGS...`, in ms
  for _ in 1 2 3 4 5; do
    s=$(date +%s%N); "$root/target/release/xtask" codegen "$@" >/dev/null; e=$(date +%s%N)
    echo $(( (e - s) / 1000000 ))
  done | sort -n | sed -n 3p
}
codegen_4=$(cd "$root" && codegen_ms --out "$out/codegen-4")
codegen_full=$(codegen_ms --model "$root/../shared/models/ecs.json" --all-operations --out "$out/codegen-full")
codegen_x2=$(codegen_ms --model "$out/ecs-x2.json" --all-operations --out "$out/codegen-x2")
echo "codegen ms: 4 operations $codegen_4, whole model $codegen_full, twice the model $codegen_x2"

build_rows=""
if ! $quick; then
  echo "== clean build and binary size (bench/compare-build.sh)"
  PROGRAMS="ours peer peer-default" "$root/bench/compare-build.sh"
  # The table, a ratio row against each peer, then the per-crate code of ours and the peer.
  build_rows=$(python3 - "$root/target/bench" <<'PY'
import sys
work = sys.argv[1]
lines = open(f"{work}/results.md").read().splitlines()
print("\n".join(lines))
rows = {l.split("|")[1].strip(): [float(x) for x in l.split("|")[2:6]] for l in lines[2:]}
for peer in ["peer", "peer-default"]:
    if "ours" in rows and peer in rows:
        ratio = [o / p for o, p in zip(rows["ours"], rows[peer])]
        print(f"| ratio ours / {peer} | " + " | ".join(f"{r:.2f}" for r in ratio) + " |")
for program in ["ours", "peer"]:
    print()
    print(open(f"{work}/size-{program}.md").read().rstrip())
PY
)
fi

python3 - "$out" "$codegen_4" "$codegen_full" "$codegen_x2" <<'PY' | tee "$out/table.md"
import json, re, sys, statistics
out, codegen_4, codegen_full, codegen_x2 = sys.argv[1], *map(int, sys.argv[2:5])
root = out.rsplit("/target/", 1)[0]
def med(path):
    return json.load(open(f"{root}/bench/target/criterion/{path}/new/estimates.json"))["median"]["point_estimate"]
rows = []
for name, path, target in [
    ("RunTask call, in memory", "run_task_in_memory/{}", ">= 4x"),
    ("DescribeTasks call, in memory (10 tasks, 30 KB)", "describe_tasks_in_memory/{}/10", ">= 4x"),
    ("DescribeTasks call, in memory (1 task, 3 KB)", "describe_tasks_in_memory/{}/1", "holds as responses grow"),
    ("DescribeTasks call, in memory (100 tasks, 300 KB)", "describe_tasks_in_memory/{}/100", "holds as responses grow"),
]:
    o, p = 1e9 / med(path.format("ours")), 1e9 / med(path.format("peer"))
    rows.append((name, f"{o:,.0f} /s", f"{p:,.0f} /s", f"{o / p:.2f}x", target))
o, p = med("client_construction/ours"), med("client_construction/peer")
rows.append(("client from the environment (`Config::from_env` + `Client::new` / `aws_config::load_defaults` + `Client::new`)",
             f"{o / 1000:.1f} µs", f"{p / 1000:.1f} µs", f"{o / p:.2f}x time", "(new)"))
cold = re.search(r"coldstart ours ms (\S+) peak_kb (\d+) built (\d+) idle (\d+) peer ms (\S+) peak_kb (\d+) built (\d+) idle (\d+)", open(f"{out}/coldstart.txt").read())
oms, opk, _, oidle, pms, ppk, _, pidle = cold.groups()
rows.append(("fresh process to its first RunTask response (cold start; static credentials, HTTP loopback)",
             f"{oms} ms", f"{pms} ms", f"{float(oms) / float(pms):.2f}x time", "(new)"))
rows.append(("peak resident memory of that process", f"{int(opk) / 1024:.1f} MiB", f"{int(ppk) / 1024:.1f} MiB", f"{int(opk) / int(ppk):.2f}x", "(new)"))
rows.append(("heap held by an idle client after one call", f"{int(oidle) / 1024:.0f} KiB", f"{int(pidle) / 1024:.0f} KiB", f"{int(oidle) / int(pidle):.2f}x", "(new)"))
allocs = {m.group(1): m for m in re.finditer(r"allocs (\w+) ours (\d+) peer (\d+)", open(f"{out}/allocs.txt").read())}
rows.append(("allocations per call, RunTask / DescribeTasks",
             f"{allocs['run_task'].group(2)} / {allocs['describe_tasks'].group(2)}",
             f"{allocs['run_task'].group(3)} / {allocs['describe_tasks'].group(3)}",
             f"{int(allocs['run_task'].group(2)) / int(allocs['run_task'].group(3)):.2f} / {int(allocs['describe_tasks'].group(2)) / int(allocs['describe_tasks'].group(3)):.2f}",
             "<= 0.5x"))
rows.append(("parsing the 30 KB DescribeTasks body", f"{med('parse_describe_tasks_30kb/ours') / 1000:.1f} µs", "(private)", "", "<= 35 µs"))
for reader in ["sonic_rs", "simd_json"]:
    t = med(f"parse_describe_tasks_30kb/ours_through_{reader}")
    rows.append((f"the same, our impls through {reader.replace('_', '-')}", f"{t / 1000:.1f} µs", "", f"{t / med('parse_describe_tasks_30kb/ours'):.2f}x serde_json's time", "(what a faster reader gives)"))
floor = re.search(r"allocs describe_tasks_output_clone (\d+)", open(f"{out}/allocs.txt").read()).group(1)
rows.append(("the floor of these types: cloning the parsed output (time / allocations)", f"{med('parse_describe_tasks_30kb/clone_of_the_output') / 1000:.1f} µs / {floor}", "", "", "(no parser can do less)"))
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
rows.append(("`cargo xtask codegen`, our 4 operations, release", f"{codegen_4} ms", "(JVM/Gradle)", "", "<= 20 ms"))
rows.append(("`cargo xtask codegen`, whole published model (77 operations), release", f"{codegen_full} ms", "(JVM/Gradle)", "", "<= 150 ms"))
rows.append(("`cargo xtask codegen`, the model twice over (154 operations), release", f"{codegen_x2} ms", "(JVM/Gradle)", f"{codegen_x2 / codegen_full:.2f}x the whole model", "linear (<= 2x)"))
print("| what | ours | aws-sdk-ecs | ratio | target |")
print("|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
PY
if [ -n "$build_rows" ]; then
  echo | tee -a "$out/table.md"
  echo "$build_rows" | tee -a "$out/table.md"
fi
