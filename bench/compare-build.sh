#!/usr/bin/env bash
# Clean build time, crate count and release binary size of a small program that calls RunTask:
# once with the generated amazon-ecs crate, once with the official aws-sdk-ecs (the peer),
# measured one after the other in the same run on the same machine.
#
#   bench/compare-build.sh                     # writes target/bench/results.md
#   PROGRAMS="ours ours-aws-lc" bench/compare-build.sh   # only some of the programs
#
# Programs: `ours` (amazon-ecs, default features: rustls with ring), `ours-aws-lc` (amazon-ecs
# with `default-features = false, features = ["tls-aws-lc-rs"]`), `peer` (aws-sdk-ecs and
# aws-config with default features off but the HTTPS client and tokio), `peer-default`
# (both with their default features, what most programs have).
#
# Also writes target/bench/size-<program>.md: the release binary's code by crate, from its
# symbols (`nm`; generic code is counted in the crate its symbol path names first).
#
# Both programs live under target/bench (not committed) and ours builds the crates as committed
# at HEAD; each build uses its own empty target
# directory, so every crate is compiled from scratch (the registry download cache is shared).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/bench"
programs=${PROGRAMS:-ours ours-aws-lc peer peer-default}
rm -rf "$work" && mkdir -p "$work/ours/src" "$work/ours-aws-lc/src" "$work/peer/src" "$work/peer-default/src" "$work/head"
# Build against the committed crates (HEAD), not whatever the working tree holds right now.
# The three crates inherit from the workspace manifest, so it comes too, with only them as members.
git -C "$root" archive HEAD Cargo.toml Cargo.lock generated runtime endpoint-rules | tar -x -C "$work/head"
sed -i -e 's|^members = .*|members = ["generated", "runtime", "endpoint-rules"]|' \
       -e 's|^default-members = .*|default-members = ["generated", "runtime", "endpoint-rules"]|' \
       -e '/^exclude = /d' "$work/head/Cargo.toml"

cat > "$work/ours/Cargo.toml" <<TOML
[package]
name = "ours"
version = "0.1.0"
edition = "2024"
[dependencies]
amazon-ecs = { path = "$work/head/generated" }
tokio = { version = "1", features = ["rt-multi-thread", "macros"] }
[workspace]
TOML
cat > "$work/ours/src/main.rs" <<'RS'
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = amazon_ecs::Client::new(&amazon_ecs::Config::from_env().await?);
    let out = client.run_task().cluster("default").task_definition("sleep360:1").send().await?;
    println!("{:?}", out.tasks.unwrap_or_default().len());
    Ok(())
}
RS

sed -e 's/^name = "ours"/name = "ours-aws-lc"/' \
    -e 's|^amazon-ecs = .*|amazon-ecs = { path = "'"$work"'/head/generated", default-features = false, features = ["tls-aws-lc-rs"] }|' \
    "$work/ours/Cargo.toml" > "$work/ours-aws-lc/Cargo.toml"
cp "$work/ours/src/main.rs" "$work/ours-aws-lc/src/main.rs"

cat > "$work/peer/Cargo.toml" <<'TOML'
[package]
name = "peer"
version = "0.1.0"
edition = "2024"
[dependencies]
aws-config = { version = "1.13", default-features = false, features = ["behavior-version-latest", "default-https-client", "rt-tokio"] }
aws-sdk-ecs = { version = "1.157", default-features = false, features = ["behavior-version-latest", "default-https-client", "rt-tokio"] }
tokio = { version = "1", features = ["rt-multi-thread", "macros"] }
[workspace]
TOML
cat > "$work/peer/src/main.rs" <<'RS'
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::load_from_env().await;
    let client = aws_sdk_ecs::Client::new(&config);
    let out = client.run_task().cluster("default").task_definition("sleep360:1").send().await?;
    println!("{:?}", out.tasks().len());
    Ok(())
}
RS

sed -e 's/^name = "peer"/name = "peer-default"/' \
    -e 's|^aws-config = .*|aws-config = { version = "1.13", features = ["behavior-version-latest"] }|' \
    -e 's|^aws-sdk-ecs = .*|aws-sdk-ecs = { version = "1.157", features = ["behavior-version-latest"] }|' \
    "$work/peer/Cargo.toml" > "$work/peer-default/Cargo.toml"
cp "$work/peer/src/main.rs" "$work/peer-default/src/main.rs"

sizes() { # program → its release binary's code by crate, largest first (Markdown)
  python3 - "$work/$1/target/release/$1" "$1" <<'PY'
import collections, re, subprocess, sys
binary, name = sys.argv[1], sys.argv[2]
symbols = subprocess.run(["nm", "-S", "-C", binary], capture_output=True, text=True, check=True).stdout
sizes = collections.Counter()
for line in symbols.splitlines():
    parts = line.split(None, 3)
    if len(parts) < 4 or parts[2] not in "tTwW":
        continue
    crate = re.match(r"(?:[<_&*]|dyn |impl )*([A-Za-z_][A-Za-z0-9_]*)::", parts[3])
    sizes[crate.group(1) if crate else "(C, assembly, unnamed)"] += int(parts[1], 16)
total = sum(sizes.values())
print(f"| crate ({name}) | code (KiB) | share |")
print("|---|---|---|")
for crate, size in sizes.most_common(15):
    print(f"| {crate} | {size / 1024:.0f} | {100 * size / total:.1f} % |")
print(f"| all {len(sizes)} | {total / 1024:.0f} | 100 % |")
PY
}

measure() { # name profile-flag
  local dir="$work/$1" flag="$2" start end
  (cd "$dir" && cargo fetch --quiet)
  rm -rf "$dir/target"
  start=$(date +%s.%N)
  (cd "$dir" && cargo build --quiet $flag)
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

{
  echo "| program | crates | clean debug build (s) | clean release build (s) | release binary (MB) |"
  echo "|---|---|---|---|---|"
  for p in $programs; do
    crates=$(cd "$work/$p" && cargo tree -e normal --prefix none 2>/dev/null | sed 's/ (\*)//' | sort -u | wc -l)
    debug=$(measure "$p" "")
    release=$(measure "$p" "--release")
    size=$(stat -c %s "$work/$p/target/release/$p")
    printf '| %s | %s | %.1f | %.1f | %.1f |\n' "$p" "$crates" "$debug" "$release" "$(echo "$size / 1000000" | bc -l)"
    sizes "$p" > "$work/size-$p.md"
  done
} | tee "$work/results.md"
