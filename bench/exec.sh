#!/usr/bin/env bash
# exec into a running container, hako against runc on the same busybox bundle, interleaved by hyperfine:
# `exec ID /bin/true` in the foreground (what a Kubernetes exec probe costs).
#   bench/exec.sh [RUNS]      (as root; build first: scripts/build)
# Results: bench/results/.
source "$(dirname "$0")/lib.sh"
containers_cleanup e
h="$hako --root $work/hako-state"
r="$runc --root $work/runc-state"
busybox_bundle '"/bin/sleep", "3600"' true sleep
$h run --detach --bundle "$bundle" e 2>/dev/null
$r run --detach --bundle "$bundle" e
out=bench/results/exec-$(date +%Y%m%d-%H%M%S).md
hyperfine --warmup 3 --runs "$runs" --export-markdown "$out" \
    -n "hako exec" "$h exec e /bin/true" \
    -n "runc exec" "$r exec e /bin/true"
echo "results: $out"
