#!/usr/bin/env bash
# Start-up of hako's CLI against runc's, whole processes, interleaved by hyperfine in one run.
#   bench/startup.sh [RUNS]      (build first: scripts/build)
# Every CLI call is a JVM start, so this is hako's performance budget. Results: bench/results/.
default_runs=40
source "$(dirname "$0")/lib.sh"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/hako" "$work/runc"
out=bench/results/startup-$(date +%Y%m%d-%H%M%S).md

hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$out" \
    -n "hako --version" "$hako --version" \
    -n "runc --version" "$runc --version"
hyperfine --warmup 3 --runs "$runs" --export-markdown "$out.spec" \
    -n "hako spec" "rm -f $work/hako/config.json; $hako spec --bundle $work/hako" \
    -n "runc spec" "rm -f $work/runc/config.json; $runc spec --bundle $work/runc"
cat "$out.spec" >> "$out" && rm -f "$out.spec"
echo "results: $out"
