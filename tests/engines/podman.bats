#!/usr/bin/env bats
# podman 4.3 + conmon driving the runtime under test (RUNTIME=runc or hako), rootful; podman-rootless.bats is
# a link to this file and runs the same scenarios as a user made for the suite. Each test is one scenario,
# named "<scenario>: what the user sees"; tests/engines/run puts them in its table.

load helpers

setup_file() {
    suite_begin || return 1
    [ -n "$ENGINE_SKIP" ] || podman_start
}

teardown_file() {
    podman_stop
    suite_end
}

setup() {
    scenario_begin
}

teardown() {
    scenario_end
}

rootless() {
    [ "$ENGINE" = podman-rootless ]
}

@test "run: the command's output reaches the caller" {
    run --separate-stderr pm run --rm "$IMAGE" echo hello from a container
    assert_status 0
    assert_output "hello from a container"
}

@test "exit-status: the container's exit status is podman's" {
    run pm run --rm "$IMAGE" sh -c 'exit 42'
    assert_status 42
}

@test "missing-exe: a missing executable exits 127 with podman's message" {
    run -127 --separate-stderr pm run --rm "$IMAGE" /no/such/file
    assert_stderr_has /no/such/file "OCI runtime attempted to invoke a command that was not found"
    [ "${#stderr_lines[@]}" -eq 1 ] || fail "more than podman's one line: $stderr"
}

@test "detached: run -d, exec, exec -t, logs, stop, rm" {
    local name
    name=$(cname detached)
    run pm run -d --name "$name" "$IMAGE" sh -c 'trap "echo stopping; exit 0" TERM; echo started; sleep 1000 & wait'
    assert_status 0
    eventually 20 pm_logs_have "$name" started

    run --separate-stderr pm exec "$name" echo from exec
    assert_status 0
    assert_output "from exec"
    run pm exec "$name" sh -c 'exit 3'
    assert_status 3
    run --separate-stderr pm exec -t "$name" sh -c 'tty; test -t 1 && echo stdout-is-a-terminal'
    assert_status 0
    clean_terminal_output
    [[ $output == /dev/pts/[0-9]*$'\n'stdout-is-a-terminal ]] || fail "exec -t: $output"

    run pm stop --time 20 "$name"
    assert_status 0
    run pm inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$name"
    assert_output "exited 0"
    run pm logs "$name"
    assert_output "started"$'\n'"stopping"
    run pm rm "$name"
    assert_status 0
}

pm_logs_have() {
    [[ $(pm logs "$1" 2>&1) == *"$2"* ]]
}

@test "tty: -t gives the process a terminal" {
    run --separate-stderr pm run --rm -t "$IMAGE" sh -c 'tty; test -t 0 && test -t 1 && echo both-are-terminals'
    assert_status 0
    clean_terminal_output
    assert_output "/dev/pts/0"$'\n'"both-are-terminals"
}

@test "interactive: -i passes the caller's stdin" {
    run --separate-stderr pm run --rm -i "$IMAGE" sh -c 'read line; echo "got $line"' <<<"a line from the host"
    assert_status 0
    assert_output "got a line from the host"
}

@test "pause: pause freezes the container, unpause thaws it" {
    require_podman_cgroups
    local name pid
    name=$(cname pause)
    pm run -d --name "$name" "$IMAGE" sleep 1000
    pid=$(pm inspect --format '{{.State.Pid}}' "$name")
    run pm pause "$name"
    assert_status 0
    run pm inspect --format '{{.State.Status}}' "$name"
    assert_output paused
    [ "$(freezer_state "$pid")" = FROZEN ] || fail "freezer: $(freezer_state "$pid")"
    run pm unpause "$name"
    assert_status 0
    [ "$(freezer_state "$pid")" = THAWED ] || fail "freezer: $(freezer_state "$pid")"
    run --separate-stderr pm exec "$name" echo thawed
    assert_output thawed
    pm rm --force --time 0 "$name"
}

@test "top: top lists the container's processes" {
    local name
    name=$(cname top)
    pm run -d --name "$name" "$IMAGE" sleep 1000
    run --separate-stderr pm top "$name" args
    assert_status 0
    assert_output_has "sleep 1000"
    pm rm --force --time 0 "$name"
}

@test "stats: stats reads the container's cgroup" {
    require_podman_cgroups
    local name
    name=$(cname stats)
    pm run -d --name "$name" --memory 64m "$IMAGE" sleep 1000
    run --separate-stderr pm stats --no-stream --format '{{.MemUsage}} {{.PIDs}}' "$name"
    assert_status 0
    [[ $output =~ ^[1-9][0-9.]*[kMG]B\ /\ 67.11MB\ 1$ ]] || fail "stats: $output"
    pm rm --force --time 0 "$name"
}

@test "update: update changes a running container's limits" {
    require_podman_cgroups
    local name pid
    name=$(cname update)
    pm run -d --name "$name" --memory 64m "$IMAGE" sleep 1000
    pid=$(pm inspect --format '{{.State.Pid}}' "$name")
    run --separate-stderr pm update --memory 128m --memory-swap 256m "$name"
    assert_status 0
    # podman 4.3's stats and inspect show the limit it was created with; the cgroup has the new one.
    [ "$(host_memory_limit "$pid")" = 134217728 ] || fail "limit after update: $(host_memory_limit "$pid")"
    pm rm --force --time 0 "$name"
}

@test "memory: --memory is the limit the container reads in its cgroup" {
    require_podman_cgroups
    run --separate-stderr pm run --rm --memory 64m "$IMAGE" cat "$(memory_limit_file)"
    assert_status 0
    assert_output 67108864
}

@test "oom: a container over its memory limit is killed and conmon sees the OOM kill" {
    require_podman_cgroups
    local name
    name=$(cname oom)
    mkdir "$BATS_TEST_TMPDIR/cwd" && chmod 777 "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR/cwd"
    # The hog starts once the container is up, when conmon watches for OOM kills (GROW_AFTER_GO).
    PODMAN_CWD=$BATS_TEST_TMPDIR/cwd pm run -d --name "$name" --memory 32m --memory-swap 32m "$IMAGE" sh -c "$GROW_AFTER_GO"
    pm exec "$name" touch /tmp/go
    run pm wait "$name"
    assert_output 137
    # conmon 2.1.6 (Debian 12) records the kill in its working directory, not in the bundle where podman
    # 4.3 looks for it, so podman's State.OOMKilled stays false under any runtime: the record is what the
    # engine knows.
    [ -e "$BATS_TEST_TMPDIR/cwd/oom" ] || fail "conmon saw no OOM kill"
    pm rm "$name"
}

@test "pids-limit: --pids-limit stops forks past the limit" {
    require_podman_cgroups
    # busybox sh gives up with status 2 when a fork fails.
    run pm run --rm --pids-limit 8 "$IMAGE" sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do sleep 30 & done; echo not reached'
    assert_status 2
    assert_output "sh: can't fork: Resource temporarily unavailable"
}

@test "cpus: --cpus is the quota the container reads in its cgroup" {
    require_podman_cgroups
    run --separate-stderr pm run --rm --cpus 0.5 "$IMAGE" cat "$(cpu_quota_file)"
    assert_status 0
    assert_output "$(half_cpu_quota)"
}

@test "read-only: --read-only makes the root read-only, /tmp stays writable" {
    run --separate-stderr pm run --rm --read-only "$IMAGE" sh -c 'touch /file 2>&1; touch /tmp/file && echo tmp-is-writable'
    assert_status 0
    assert_output "touch: /file: Read-only file system"$'\n'"tmp-is-writable"
}

@test "tmpfs: --tmpfs mounts a tmpfs holding what the image had there" {
    run --separate-stderr pm run --rm --tmpfs /srv/data:size=1m "$IMAGE" \
        sh -c 'awk "\$2 == \"/srv/data\" {print \$1, \$3}" /proc/mounts; cat /srv/data/hello; echo new > /srv/data/new && cat /srv/data/new'
    assert_status 0
    assert_output "tmpfs tmpfs"$'\n'"from-image"$'\n'"new"
}

@test "user: --user sets uid, gid and HOME from the image's passwd" {
    run --separate-stderr pm run --rm --user 1000:1000 "$IMAGE" sh -c 'id; echo $HOME'
    assert_status 0
    assert_output "uid=1000(app) gid=1000(app) groups=1000(app)"$'\n'"/home/app"
    run --separate-stderr pm run --rm --user nobody "$IMAGE" id -u
    assert_output 65534
}

@test "workdir: --workdir is the process's directory" {
    # podman itself refuses a --workdir the image lacks, before the runtime sees it.
    run --separate-stderr pm run --rm --workdir /srv/data "$IMAGE" pwd
    assert_status 0
    assert_output /srv/data
}

@test "env: --env reaches the process beside PATH and HOME" {
    run --separate-stderr pm run --rm --env FOO=bar --env 'SPACED=a b' "$IMAGE" sh -c 'echo "$FOO|$SPACED|$HOME|$PATH"'
    assert_status 0
    assert_output "bar|a b|/root|/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
}

@test "hostname: --hostname is the container's" {
    run --separate-stderr pm run --rm --hostname box.example "$IMAGE" hostname
    assert_output box.example
}

@test "caps: --cap-add and --cap-drop change the process's capabilities" {
    run --separate-stderr pm run --rm --cap-drop CHOWN --cap-add NET_ADMIN "$IMAGE" \
        sh -c 'grep CapEff /proc/self/status; chown 1 /tmp 2>&1'
    assert_output_has "Operation not permitted"
    local effective
    effective=$(awk '/^CapEff:/ {print $2}' <<<"$output")
    [ "$(cap_bit "$effective" 0)" = 0 ] || fail "CAP_CHOWN kept: $effective"
    [ "$(cap_bit "$effective" 12)" = 1 ] || fail "CAP_NET_ADMIN missing: $effective"
}

@test "seccomp-default: podman's default profile filters the process" {
    run --separate-stderr pm run --rm "$IMAGE" grep Seccomp: /proc/self/status
    assert_output $'Seccomp:\t2'
}

@test "seccomp-unconfined: seccomp=unconfined leaves the process unfiltered" {
    run --separate-stderr pm run --rm --security-opt seccomp=unconfined "$IMAGE" grep Seccomp: /proc/self/status
    assert_output $'Seccomp:\t0'
}

@test "network-none: --network none leaves only lo" {
    run --separate-stderr pm run --rm --network none "$IMAGE" ls /sys/class/net
    assert_status 0
    assert_output lo
}

@test "volume: a bind volume is shared with the host both ways" {
    local dir=$PODMAN_DIR/volume-$BATS_TEST_NUMBER
    mkdir -p "$dir"
    echo from-host >"$dir/in"
    rootless && chown -R "$ROOTLESS_USER:" "$dir"
    run --separate-stderr pm run --rm -v "$dir:/data" "$IMAGE" sh -c 'cat /data/in; echo from-container > /data/out'
    assert_status 0
    assert_output from-host
    [ "$(cat "$dir/out")" = from-container ]
}

@test "volume-rshared: a mount made in the container under an rshared volume reaches the host" {
    rootless && skip "rootless podman mounts in its own mount namespace: nothing made in a container can reach the host's"
    local dir=$PODMAN_DIR/shared-$BATS_TEST_NUMBER
    make_shared_dir "$dir"
    run --separate-stderr pm run --rm --cap-add SYS_ADMIN -v "$dir:/data:rshared" "$IMAGE" \
        sh -c 'mkdir /data/sub && mount -t tmpfs from-the-container /data/sub'
    local seen
    seen=$(mounted_at "$dir/sub")
    umount "$dir/sub" 2>/dev/null || true
    umount "$dir"
    assert_status 0
    [ "$seen" = "tmpfs from-the-container" ] || fail "on the host under $dir/sub: '$seen'"
}

@test "userns: --uidmap and --gidmap put the container in a user namespace" {
    local map=(--uidmap 0:100000:65536 --gidmap 0:100000:65536) expected="0 100000 65536"
    # A rootless user maps ids of its own namespace: 0 is the user, 1.. its subordinate ids.
    rootless && map=(--uidmap 0:1:1000 --gidmap 0:1:1000) expected="0 1 1000"
    run --separate-stderr pm run --rm "${map[@]}" "$IMAGE" sh -c 'cat /proc/self/uid_map /proc/self/gid_map; id -u'
    assert_status 0
    [ "$(echo $output)" = "$expected $expected 0" ] || fail "maps: $output"
}

@test "sdnotify: --sdnotify=container forwards the container's READY=1 to podman's NOTIFY_SOCKET" {
    [ -x "$SUITE/rootfs/bin/sdnotify" ] || skip "no static sd-notify helper: $(tail -1 "$SUITE/sdnotify-build.log")"
    local name socket=$PODMAN_DIR/notify-$BATS_TEST_NUMBER.sock out=$PODMAN_DIR/notify-$BATS_TEST_NUMBER.out
    name=$(cname sdnotify)
    if rootless; then
        touch "$out" && chown "$ROOTLESS_USER:" "$out"
        runuser -u "$ROOTLESS_USER" -- "$SUITE/rootfs/bin/sdnotify" listen "$socket" "$out" >/dev/null
    else
        "$SUITE/rootfs/bin/sdnotify" listen "$socket" "$out" >/dev/null
    fi
    NOTIFY_SOCKET=$socket run --separate-stderr pm run -d --name "$name" --sdnotify=container "$IMAGE" \
        sh -c 'sdnotify READY=1; sleep 1000'
    assert_status 0
    eventually 10 file_has "$out" READY=1 || fail "nothing reached $socket: $(cat "$out")"
    pm rm --force --time 0 "$name"
}

@test "ten: ten containers at once" {
    local n pids=() prefix
    prefix=$(cname ten)
    for n in 1 2 3 4 5 6 7 8 9 10; do
        pm run -d --name "$prefix-$n" "$IMAGE" sleep 1000 >"$BATS_TEST_TMPDIR/run-$n" 2>&1 &
        pids+=($!)
    done
    for n in "${!pids[@]}"; do
        wait "${pids[$n]}" || fail "container $((n + 1)): $(cat "$BATS_TEST_TMPDIR/run-$((n + 1))")"
    done
    run pm ps --filter "name=$prefix" --format '{{.Names}}'
    [ "${#lines[@]}" -eq 10 ] || fail "running: $output"
    # bats' run sets variables of its own: the loop's is local to a function.
    exec_in_each "$prefix"
    run pm rm --force --time 0 $(printf "$prefix-%s " 1 2 3 4 5 6 7 8 9 10)
    assert_status 0
}

exec_in_each() {
    local n
    for n in 1 2 3 4 5 6 7 8 9 10; do
        run --separate-stderr pm exec "$1-$n" echo "$n"
        assert_output "$n"
    done
}

@test "checkpoint: container checkpoint stops a counting container, container restore goes on counting" {
    rootless && skip "podman checkpoints only as root"
    local reason name mark count
    reason=$(criu check 2>&1) || skip "criu check fails here: $(tail -1 <<<"$reason")"
    name=$(cname checkpoint)
    # The count is in the shell's memory, beside a mark drawn once at its start: a process started anew would
    # draw another mark and count from 1 again.
    run pm run -d --name "$name" "$IMAGE" sh -c \
        'mark=$(cat /proc/sys/kernel/random/uuid); i=0; while :; do i=$((i + 1)); echo "$mark $i" >/tmp/count; sleep 0.1; done'
    assert_status 0
    eventually 20 counted_past "$name" "" 5 || fail "the container does not count"
    read -r mark count <<<"$(pm_count "$name")"
    run --separate-stderr pm container checkpoint "$name"
    [ "$status" -eq 0 ] || fail "checkpoint: $stderr; CRIU's log ends: $(tail -25 "$(find "$PODMAN_DIR" -name dump.log | head -1)")"
    run pm inspect --format '{{.State.Status}}' "$name"
    assert_output "exited"
    run --separate-stderr pm container restore "$name"
    assert_status 0
    run pm inspect --format '{{.State.Status}}' "$name"
    assert_output "running"
    eventually 20 counted_past "$name" "$mark" "$((count + 5))" || fail "the count did not go on: $(pm_count "$name")"
    run pm rm --force --time 0 "$name"
    assert_status 0
}

pm_count() {
    pm exec "$1" cat /tmp/count
}

# Whether container $1 counts past $3 (with mark $2 when given).
counted_past() {
    local mark count
    read -r mark count <<<"$(pm_count "$1" 2>/dev/null)" || return 1
    [ -z "$2" ] || [ "$mark" = "$2" ] || return 1
    [ "${count:-0}" -gt "$3" ]
}
