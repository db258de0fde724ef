#!/usr/bin/env bash
# Start-up of hako's CLI against runc's, whole processes, interleaved by hyperfine in one run.
#   bench/startup.sh [RUNS]      (build first: scripts/build)
# Every CLI call is a JVM start, so this is hako's performance budget. Results: bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-40}
hako=${HAKO:-$PWD/cli/target/hako/bin/hako}
runc=${RUNC:-$(command -v runc)}
[ -x "$hako" ] || { echo "no launcher at $hako: run scripts/build first" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p bench/results "$work/hako" "$work/runc"
out=bench/results/startup-$(date +%Y%m%d-%H%M%S).md

hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$out" \
    -n "hako --version" "$hako --version" \
    -n "runc --version" "$runc --version"
hyperfine --warmup 3 --runs "$runs" --export-markdown "$out.spec" \
    -n "hako spec" "rm -f $work/hako/config.json; $hako spec --bundle $work/hako" \
    -n "runc spec" "rm -f $work/runc/config.json; $runc spec --bundle $work/runc"
cat "$out.spec" >> "$out" && rm -f "$out.spec"
echo "results: $out"
