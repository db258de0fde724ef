# Sourced by the benchmarks: the two runtimes, the checks, a scratch directory removed on exit, and a busybox
# bundle. Sets runs (from $1, default $default_runs), hako, runc, work.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-${default_runs:-30}}
hako=${HAKO:-$PWD/cli/target/hako/bin/hako}
runc=${RUNC:-$(command -v runc)}
[ -x "$hako" ] || { echo "no launcher at $hako: run scripts/build first" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
mkdir -p bench/results
work=$(mktemp -d)

# Removes the scratch directory on exit, after deleting containers IDS... in both runtimes (a created
# container's init otherwise waits on its fifo forever). Needs root.
# usage: containers_cleanup ID...
containers_cleanup() {
    [ "$(id -u)" -eq 0 ] || { echo "containers need root" >&2; exit 1; }
    cleanup_ids="$*"
    trap 'for id in $cleanup_ids; do
            $hako --root "$work/hako-state" delete --force "$id" 2>/dev/null || true
            $runc --root "$work/runc-state" delete --force "$id" 2>/dev/null || true
        done
        rm -rf "$work"' EXIT
}

# A bundle at $work/bundle: busybox with APPLETS... as links, its process ARGS (JSON strings, comma-separated),
# no terminal.
# usage: busybox_bundle ARGS APPLET...
busybox_bundle() {
    local args=$1 applet
    shift
    bundle=$work/bundle
    mkdir -p "$bundle/rootfs/bin"
    cp /bin/busybox "$bundle/rootfs/bin/busybox"
    for applet in "$@"; do ln -s busybox "$bundle/rootfs/bin/$applet"; done
    (cd "$bundle" && $hako spec)
    sed -i -e 's/"terminal": true/"terminal": false/' -e 's|^\(\s*\)"sh"$|\1'"$args"'|' "$bundle/config.json"
}
