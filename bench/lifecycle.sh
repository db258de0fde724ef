#!/usr/bin/env bash
# A container's lifecycle, hako against runc on the same busybox bundle, interleaved by hyperfine:
#   the whole lifecycle (create, start, wait for the process to exit, delete) of /bin/true, `run` alone,
#   and each command on its own (create, start, state, kill, delete).
#   bench/lifecycle.sh [RUNS]      (as root; build first: scripts/build)
# Results: bench/results/.
source "$(dirname "$0")/lib.sh"
containers_cleanup b s
h="$hako --root $work/hako-state"
r="$runc --root $work/runc-state"
busybox_bundle '"/bin/true"' true

out=bench/results/lifecycle-$(date +%Y%m%d-%H%M%S).md
: > "$out"
# bench TITLE PREPARE COMMAND: PREPARE and COMMAND use $rt for the runtime; both runtimes, interleaved.
bench() {
    local title=$1 prepare=$2 command=$3 part=$work/part.md
    echo "## $title" >> "$out"
    hyperfine --warmup 3 --runs "$runs" --export-markdown "$part" \
        -n "hako $title" -p "rt='$h'; $prepare" "rt='$h'; $command" \
        -n "runc $title" -p "rt='$r'; $prepare" "rt='$r'; $command"
    cat "$part" >> "$out"
}
gone='$rt delete --force b >/dev/null 2>&1 || true'
# The wait polls the pid from --pid-file every millisecond until it has exited (a zombie counts: who reaps
# it, and when, is the reaper's business, the same for both runtimes).
wait_exit='p=$(cat '"$work"'/pid); while [ -e /proc/$p ] && [ "$(cut -d" " -f3 /proc/$p/stat)" != Z ]; do sleep 0.001; done'
bench lifecycle "$gone" "\$rt create --pid-file $work/pid --bundle $bundle b && \$rt start b && $wait_exit \
    && \$rt delete b"
bench run "$gone" "\$rt run --bundle $bundle b"
bench create "$gone" "\$rt create --bundle $bundle b"
bench start "$gone; \$rt create --bundle $bundle b" "\$rt start b"
bench kill "$gone; \$rt create --bundle $bundle b" "\$rt kill b KILL"
bench "delete (stopped)" "$gone; \$rt run --bundle $bundle --detach b; sleep 0.05" "\$rt delete b"
$h create --bundle "$bundle" s && $r create --bundle "$bundle" s
bench state ":" "\$rt state s >/dev/null"
bench list ":" "\$rt list >/dev/null"
echo "results: $out"
