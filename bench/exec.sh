#!/usr/bin/env bash
# exec into a running container, hako against runc on the same busybox bundle, interleaved by hyperfine:
# `exec ID /bin/true` in the foreground (what a Kubernetes exec probe costs).
#   bench/exec.sh [RUNS]      (as root; build first: scripts/build)
# Results: bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
hako=${HAKO:-$PWD/cli/target/hako/bin/hako}
runc=${RUNC:-$(command -v runc)}
[ "$(id -u)" -eq 0 ] || { echo "containers need root" >&2; exit 1; }
[ -x "$hako" ] || { echo "no launcher at $hako: run scripts/build first" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }

work=$(mktemp -d)
h="$hako --root $work/hako-state"
r="$runc --root $work/runc-state"
cleanup() {
    $h delete --force e 2>/dev/null || true
    $r delete --force e 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
bundle=$work/bundle
mkdir -p "$bundle/rootfs/bin" bench/results
cp /bin/busybox "$bundle/rootfs/bin/busybox"
for applet in true sleep; do ln -s busybox "$bundle/rootfs/bin/$applet"; done
(cd "$bundle" && $hako spec)
sed -i -e 's/"terminal": true/"terminal": false/' -e 's|^\(\s*\)"sh"$|\1"/bin/sleep", "3600"|' "$bundle/config.json"
$h run --detach --bundle "$bundle" e 2>/dev/null
$r run --detach --bundle "$bundle" e
out=bench/results/exec-$(date +%Y%m%d-%H%M%S).md
hyperfine --warmup 3 --runs "$runs" --export-markdown "$out" \
    -n "hako exec" "$h exec e /bin/true" \
    -n "runc exec" "$r exec e /bin/true"
echo "results: $out"
