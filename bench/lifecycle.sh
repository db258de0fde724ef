#!/usr/bin/env bash
# A container's whole lifecycle, hako against runc on the same busybox bundle, interleaved by hyperfine:
#   create, start, delete --force of /bin/true (delete waits for the process to be gone), and `run` alone.
#   bench/lifecycle.sh [RUNS]      (as root; build first: scripts/build)
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
# Containers first, then their state: a created container's init otherwise waits on its fifo forever.
cleanup() {
    "$hako" --root "$work/hako-state" delete --force b 2>/dev/null || true
    "$runc" --root "$work/runc-state" delete --force b 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
bundle=$work/bundle
mkdir -p "$bundle/rootfs/bin" bench/results
cp /bin/busybox "$bundle/rootfs/bin/busybox"
ln -s busybox "$bundle/rootfs/bin/true"
(cd "$bundle" && "$hako" spec)
sed -i -e 's/"terminal": true/"terminal": false/' -e 's|^\(\s*\)"sh"$|\1"/bin/true"|' "$bundle/config.json"

out=bench/results/lifecycle-$(date +%Y%m%d-%H%M%S).md
hr="--root $work/hako-state"
rr="--root $work/runc-state"
hyperfine --warmup 3 --runs "$runs" --export-markdown "$out" \
    -n "hako create" -p "$hako $hr delete --force b 2>/dev/null || true" "$hako $hr create --bundle $bundle b" \
    -n "runc create" -p "$runc $rr delete --force b 2>/dev/null || true" "$runc $rr create --bundle $bundle b"
lifecycle() {
    echo "$1 $2 create --bundle $bundle b && $1 $2 start b && $1 $2 delete --force b"
}
"$hako" $hr delete --force b 2>/dev/null || true
"$runc" $rr delete --force b 2>/dev/null || true
hyperfine --warmup 3 --runs "$runs" --export-markdown "$out.lifecycle" \
    -n "hako lifecycle" "$(lifecycle "$hako" "$hr")" \
    -n "runc lifecycle" "$(lifecycle "$runc" "$rr")" \
    -n "hako run" "$hako $hr run --bundle $bundle r" \
    -n "runc run" "$runc $rr run --bundle $bundle r"
cat "$out.lifecycle" >> "$out" && rm -f "$out.lifecycle"
echo "results: $out"
