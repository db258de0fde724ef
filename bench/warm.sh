#!/usr/bin/env bash
# The resident hako against the cold path and runc, interleaved by hyperfine: --version, state, list, kill, start,
# delete, create, run in the foreground, the lifecycle (create, start, wait, delete), exec in the foreground (an
# exec probe's own wait) and exec --detach (how containerd's shim and conmon exec), warm
# (bin/hako handing the call to a resident hako this script starts) and cold (HAKO_DAEMON=off: bin/hako execs the
# JVM), beside runc; and 100 execs back to back into one container (a probe loop). Then CPU time per call (the
# whole process tree's and, warm, the resident hako's share) over loops of calls; and the resident hako's RSS.
#   bench/warm.sh [RUNS]      (as root; build first: scripts/build)
# Results: bench/results/.
default_runs=30
source "$(dirname "$0")/lib.sh"
containers_cleanup b s
dist=$(dirname "$hako")
socket=$work/daemon/sock
"$dist/hako-daemon" --socket "$socket" --idle-timeout 0 2>"$work/daemon.log" &
daemon=$!
trap 'kill $daemon 2>/dev/null; for id in b s; do $hako --root "$work/hako-state" delete --force $id 2>/dev/null; \
    $runc --root "$work/runc-state" delete --force $id 2>/dev/null; done; rm -rf "$work"' EXIT
while [ ! -S "$socket" ]; do kill -0 $daemon || { cat "$work/daemon.log"; exit 1; }; sleep 0.05; done

warm="env HAKO_DAEMON_SOCKET=$socket $hako --root $work/hako-state"
cold="env HAKO_DAEMON=off $hako --root $work/hako-state"
r="$runc --root $work/runc-state"
busybox_bundle '"/bin/true"' true
true_bundle=$work/true-bundle
mv "$bundle" "$true_bundle"
busybox_bundle '"/bin/sleep", "600"' sleep

out=bench/results/warm-$(date +%Y%m%d-%H%M%S).md
: > "$out"
# bench TITLE PREPARE COMMAND: PREPARE and COMMAND use $rt for the runtime; the three, interleaved.
bench() {
    local title=$1 prepare=$2 command=$3 part=$work/part.md
    echo "## $title" >> "$out"
    hyperfine --warmup 5 --runs "$runs" --export-markdown "$part" \
        -n "hako warm $title" -p "rt='$warm'; $prepare" "rt='$warm'; $command" \
        -n "hako cold $title" -p "rt='$cold'; $prepare" "rt='$cold'; $command" \
        -n "runc $title" -p "rt='$r'; $prepare" "rt='$r'; $command"
    cat "$part" >> "$out"
}
gone='$rt delete --force b >/dev/null 2>&1 || true'
created="$gone; \$rt create --bundle $bundle b"
$cold run --detach --bundle "$bundle" s && $r run --detach --bundle "$bundle" s
bench version ":" "\$rt --version >/dev/null"
bench state ":" "\$rt state s >/dev/null"
bench list ":" "\$rt list >/dev/null"
bench "kill 0" ":" "\$rt kill s 0"
bench start "$created" "\$rt start b"
bench "delete (running, --force)" "$created; \$rt start b" "\$rt delete --force b"
bench create "$gone" "\$rt create --bundle $bundle b"
# The wait polls the pid from --pid-file until it has exited (a zombie counts), the same for every runtime.
wait_exit='p=$(cat '"$work"'/pid); while [ -e /proc/$p ] && [ "$(cut -d" " -f3 /proc/$p/stat)" != Z ]; do sleep 0.001; done'
bench run "$gone" "\$rt run --bundle $true_bundle b"
bench lifecycle "$gone" "\$rt create --pid-file $work/pid --bundle $true_bundle b && \$rt start b && $wait_exit \
    && \$rt delete b"
bench exec ":" "\$rt exec s /bin/busybox true"
bench "exec --detach" ":" "\$rt exec --detach s /bin/busybox true"
bench "100 exec --detach" ":" "for i in \$(seq 100); do \$rt exec --detach s /bin/busybox true || exit 1; done"

# CPU per call: user + sys of every process the loop started, and, warm, what the resident hako spent meanwhile.
ticks=$(getconf CLK_TCK)
daemon_ticks() { awk '{ print $14 + $15 }' "/proc/$daemon/stat"; }
cpu() {
    local label=$1 runtime=$2 what=$3 calls=100 before after d0 d1
    before=$(awk '{ print $16 + $17 }' /proc/$$/stat)
    d0=$(daemon_ticks)
    for _ in $(seq $calls); do $runtime $what >/dev/null; done
    d1=$(daemon_ticks)
    after=$(awk '{ print $16 + $17 }' /proc/$$/stat)
    printf '| %s | %.2f ms | %.2f ms |\n' "$label" "$(echo "($after - $before) * 1000 / $ticks / $calls" | bc -l)" \
        "$(echo "($d1 - $d0) * 1000 / $ticks / $calls" | bc -l)" >> "$out"
}
for what in "state s" "exec s /bin/busybox true" "exec --detach s /bin/busybox true"; do
    {
        echo "## CPU per \`$what\` (100 calls)"
        echo
        echo "| runtime | the calls' processes | the resident hako |"
        echo "|---|---|---|"
    } >> "$out"
    cpu "hako warm" "$warm" "$what"
    cpu "hako cold" "$cold" "$what"
    cpu runc "$r" "$what"
    echo >> "$out"
done
echo >> "$out"
echo "The resident hako's RSS after the run: $(awk '/VmRSS/ { print $2, $3 }' /proc/$daemon/status)" >> "$out"
echo "results: $out"
cat "$out"
