#!/usr/bin/env bats
# containerd 1.6 with ctr and its runc v2 shim (io.containerd.runc.v2), the runtime under test given with
# --runc-binary as README.md tells users. Each test is one scenario, named "<scenario>: what the user sees".
# ctr has no flag for some scenarios (update, --pids-limit, --hostname, --user on run, sd-notify): those skip.

load helpers

setup_file() {
    suite_begin || return 1
    [ -n "$ENGINE_SKIP" ] || containerd_start
}

teardown_file() {
    containerd_stop
    suite_end
}

setup() {
    scenario_begin
}

teardown() {
    stop_events
    scenario_end
}

# Kills the task of ID, waits until it has stopped and removes task and container.
remove_task() {
    ct task kill --signal SIGKILL "$1" >/dev/null 2>&1 || true
    eventually 20 ctr_task_stopped "$1"
    ct task delete "$1" >/dev/null 2>&1 || true
    ct container delete "$1"
}

# ctr events in the background into $BATS_TEST_TMPDIR/events, returning once it is subscribed: a probe
# container made after the start shows in the stream.
start_events() {
    local probe
    probe=$(cname probe)
    # ctr itself, not a function, so that $! is its pid.
    ctr --address "$CONTAINERD_DIR/containerd.sock" --namespace "$SUITE_NAME" events >"$BATS_TEST_TMPDIR/events" 2>&1 &
    EVENTS_PID=$!
    probe_events() {
        ct container create "$IMAGE" "$probe" true >/dev/null 2>&1 && ct container delete "$probe" >/dev/null 2>&1
        file_has "$BATS_TEST_TMPDIR/events" "$probe"
    }
    eventually 20 probe_events
}

stop_events() {
    [ -n "${EVENTS_PID:-}" ] || return 0
    kill "$EVENTS_PID" 2>/dev/null || true
    wait "$EVENTS_PID" 2>/dev/null || true
    EVENTS_PID=
}

@test "run: the command's output reaches the caller" {
    run --separate-stderr ct run --rm "$IMAGE" "$(cname run)" echo hello from a container
    assert_status 0
    assert_output "hello from a container"
}

@test "exit-status: the container's exit status is ctr's" {
    run ct run --rm "$IMAGE" "$(cname exit)" sh -c 'exit 42'
    assert_status 42
}

@test "missing-exe: a missing executable fails the run with the shim's message" {
    run --separate-stderr ct run --rm "$IMAGE" "$(cname missing)" /no/such/file
    assert_status 1
    assert_stderr_has "ctr: failed to create shim task: OCI runtime create failed:" /no/such/file
    [ "${#stderr_lines[@]}" -eq 1 ] || fail "more than ctr's one line: $stderr"
}

@test "detached: run -d, task exec, exec -t, the log, kill, delete" {
    local id
    id=$(cname detached)
    run ct run -d --log-uri "file://$CONTAINERD_DIR/$id.log" "$IMAGE" "$id" \
        sh -c 'trap "echo stopping; exit 0" TERM; echo started; sleep 1000 & wait'
    assert_status 0
    eventually 20 file_has "$CONTAINERD_DIR/$id.log" started

    run --separate-stderr ct task exec --exec-id e1 "$id" echo from exec
    assert_status 0
    assert_output "from exec"
    run ct task exec --exec-id e2 "$id" sh -c 'exit 3'
    assert_status 3
    # ctr exec -t wants a terminal on its side: script(1) gives it one.
    run script -q -E never -c "ctr --address $CONTAINERD_DIR/containerd.sock --namespace $SUITE_NAME task exec -t --fifo-dir $CONTAINERD_DIR/fifo --exec-id e3 $id sh -c 'tty; test -t 1 && echo stdout-is-a-terminal'" /dev/null </dev/null
    assert_status 0
    clean_terminal_output
    # ctr may add a line of its own after (a resize racing the exit).
    [[ $output == *"/dev/pts/"[0-9]*$'\n'"stdout-is-a-terminal"* ]] || fail "exec -t: $output"

    run ct task kill --signal SIGTERM "$id"
    assert_status 0
    eventually 20 ctr_task_stopped "$id"
    run ct task delete "$id"
    assert_status 0
    run cat "$CONTAINERD_DIR/$id.log"
    assert_output "started"$'\n'"stopping"
    ct container delete "$id"
}

@test "tty: -t gives the process a terminal" {
    run script -q -E never -c "ctr --address $CONTAINERD_DIR/containerd.sock --namespace $SUITE_NAME run --runc-binary $RUNTIME_BINARY --runc-root $SUITE/containerd/state-$RUNTIME --fifo-dir $CONTAINERD_DIR/fifo --rm -t $IMAGE $(cname tty) sh -c 'tty; test -t 0 && test -t 1 && echo both-are-terminals'" /dev/null </dev/null
    assert_status 0
    clean_terminal_output
    [[ $output == *"/dev/pts/0"$'\n'"both-are-terminals"* ]] || fail "run -t: $output"
}

@test "interactive: the caller's stdin reaches the process" {
    run --separate-stderr ct run --rm "$IMAGE" "$(cname interactive)" sh -c 'read line; echo "got $line"' <<<"a line from the host"
    assert_status 0
    assert_output "got a line from the host"
}

@test "pause: task pause freezes the container, resume thaws it" {
    local id pid
    id=$(cname pause)
    ct run -d --null-io "$IMAGE" "$id" sleep 1000
    pid=$(ctr_task_pid "$id")
    run ct task pause "$id"
    assert_status 0
    [ "$(ctr_task_status "$id")" = PAUSED ] || fail "status: $(ctr_task_status "$id")"
    [ "$(freezer_state "$pid")" = FROZEN ] || fail "freezer: $(freezer_state "$pid")"
    run ct task resume "$id"
    assert_status 0
    [ "$(ctr_task_status "$id")" = RUNNING ] || fail "status: $(ctr_task_status "$id")"
    [ "$(freezer_state "$pid")" = THAWED ] || fail "freezer: $(freezer_state "$pid")"
    remove_task "$id"
}

@test "top: task ps lists the container's processes (the runtime's ps)" {
    local id pid
    id=$(cname top)
    ct run -d --null-io "$IMAGE" "$id" sleep 1000
    pid=$(ctr_task_pid "$id")
    run --separate-stderr ct task ps "$id"
    assert_status 0
    [[ $output =~ (^|$'\n')$pid[[:space:]] ]] || fail "no $pid in: $output"
    remove_task "$id"
}

@test "stats: task metrics reads the container's cgroup" {
    local id
    id=$(cname stats)
    ct run -d --null-io --memory-limit 67108864 "$IMAGE" "$id" sleep 1000
    run --separate-stderr ct task metrics --format json "$id"
    assert_status 0
    local compact
    compact=$(tr -d ' \n' <<<"$output")
    [[ $compact == *'"memory":{'*'"usage":{"limit":67108864,"usage":'[1-9]* ]] || fail "memory: $output"
    remove_task "$id"
}

# containerd's default spec mounts no cgroup filesystem; users who want one add it.
CGROUP_MOUNT=type=cgroup,src=cgroup,dst=/sys/fs/cgroup,options=ro:nosuid:noexec:nodev

@test "memory: --memory-limit is the limit the container reads in its cgroup" {
    run --separate-stderr ct run --rm --memory-limit 67108864 --mount "$CGROUP_MOUNT" "$IMAGE" "$(cname memory)" cat "$(memory_limit_file)"
    assert_status 0
    assert_output 67108864
}

@test "oom: a container over its memory limit is killed and containerd reports the OOM" {
    local id
    id=$(cname oom)
    start_events
    # The hog starts once the task is up: the shim watches for OOM kills only after the runtime's start
    # returned (GROW_AFTER_GO).
    ct run -d --null-io --memory-limit 33554432 "$IMAGE" "$id" sh -c "$GROW_AFTER_GO"
    ct task exec --exec-id go "$id" touch /tmp/go
    eventually 20 ctr_task_stopped "$id"
    eventually 10 file_has "$BATS_TEST_TMPDIR/events" "/tasks/exit.*\"container_id\":\"$id\".*\"exit_status\":137" ||
        fail "no exit 137 for $id: $(cat "$BATS_TEST_TMPDIR/events")"
    file_has "$BATS_TEST_TMPDIR/events" "/tasks/oom.*$id" || fail "no /tasks/oom event for $id: $(cat "$BATS_TEST_TMPDIR/events")"
    remove_task "$id"
}

@test "cpus: --cpus is the quota the container reads in its cgroup" {
    run --separate-stderr ct run --rm --cpus 0.5 --mount "$CGROUP_MOUNT" "$IMAGE" "$(cname cpus)" cat "$(cpu_quota_file)"
    assert_status 0
    assert_output "$(half_cpu_quota)"
}

@test "read-only: --read-only makes the root read-only" {
    run --separate-stderr ct run --rm --read-only "$IMAGE" "$(cname ro)" sh -c 'touch /file 2>&1; grep " / " /proc/mounts | cut -d" " -f4 | cut -d, -f1'
    assert_status 0
    assert_output "touch: /file: Read-only file system"$'\n'"ro"
}

@test "tmpfs: a tmpfs mount is the container's" {
    run --separate-stderr ct run --rm --mount type=tmpfs,src=tmpfs,dst=/scratch,options=size=1m "$IMAGE" "$(cname tmpfs)" \
        sh -c 'awk "\$2 == \"/scratch\" {print \$1, \$3}" /proc/mounts; echo new > /scratch/new && cat /scratch/new'
    assert_status 0
    assert_output "tmpfs tmpfs"$'\n'"new"
}

@test "user: task exec --user runs as that user (ctr run has no --user)" {
    local id
    id=$(cname user)
    ct run -d --null-io "$IMAGE" "$id" sleep 1000
    run --separate-stderr ct task exec --exec-id u1 --user 1000 "$id" sh -c 'id; echo $HOME'
    assert_status 0
    assert_output "uid=1000(app) gid=1000(app) groups=1000(app)"$'\n'"/home/app"
    remove_task "$id"
}

@test "workdir: --cwd is the process's directory, made when missing" {
    run --separate-stderr ct run --rm --cwd /srv/data "$IMAGE" "$(cname workdir)" pwd
    assert_output /srv/data
    run --separate-stderr ct run --rm --cwd /not/in/the/image "$IMAGE" "$(cname workdir)" pwd
    assert_status 0
    assert_output /not/in/the/image
}

@test "env: --env reaches the process beside PATH, HOME from the image's passwd" {
    run --separate-stderr ct run --rm --env FOO=bar --env 'SPACED=a b' "$IMAGE" "$(cname env)" sh -c 'echo "$FOO|$SPACED|$HOME|$PATH"'
    assert_status 0
    assert_output "bar|a b|/root|/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
}

@test "caps: --cap-add and --cap-drop change the process's capabilities" {
    run --separate-stderr ct run --rm --cap-drop CAP_CHOWN --cap-add CAP_NET_ADMIN "$IMAGE" "$(cname caps)" \
        sh -c 'grep CapEff /proc/self/status; chown 1 /tmp 2>&1'
    assert_output_has "Operation not permitted"
    local effective
    effective=$(awk '/^CapEff:/ {print $2}' <<<"$output")
    [ "$(cap_bit "$effective" 0)" = 0 ] || fail "CAP_CHOWN kept: $effective"
    [ "$(cap_bit "$effective" 12)" = 1 ] || fail "CAP_NET_ADMIN missing: $effective"
}

@test "seccomp-default: --seccomp applies containerd's default profile" {
    run --separate-stderr ct run --rm --seccomp "$IMAGE" "$(cname seccomp)" grep Seccomp: /proc/self/status
    assert_output $'Seccomp:\t2'
}

@test "seccomp-unconfined: without --seccomp the process is unfiltered" {
    run --separate-stderr ct run --rm "$IMAGE" "$(cname unconfined)" grep Seccomp: /proc/self/status
    assert_output $'Seccomp:\t0'
}

@test "network-none: without --net-host the container has only lo" {
    run --separate-stderr ct run --rm "$IMAGE" "$(cname net)" ls /sys/class/net
    assert_status 0
    assert_output lo
}

@test "volume: a bind mount is shared with the host both ways" {
    local dir=$CONTAINERD_DIR/volume-$BATS_TEST_NUMBER
    mkdir -p "$dir"
    echo from-host >"$dir/in"
    run --separate-stderr ct run --rm --mount "type=bind,src=$dir,dst=/data,options=rbind:rw" "$IMAGE" "$(cname volume)" \
        sh -c 'cat /data/in; echo from-container > /data/out'
    assert_status 0
    assert_output from-host
    [ "$(cat "$dir/out")" = from-container ]
}

@test "volume-rshared: a mount made in the container under an rshared bind reaches the host" {
    local dir=$CONTAINERD_DIR/shared-$BATS_TEST_NUMBER
    make_shared_dir "$dir"
    # As Docker does for such a volume, the root stays rshared too (runc's default makes it rslave).
    run --separate-stderr ct run --rm --cap-add CAP_SYS_ADMIN --rootfs-propagation rshared \
        --mount "type=bind,src=$dir,dst=/data,options=rbind:rshared" \
        "$IMAGE" "$(cname shared)" sh -c 'mkdir /data/sub && mount -t tmpfs from-the-container /data/sub'
    local seen
    seen=$(mounted_at "$dir/sub")
    umount "$dir/sub" 2>/dev/null || true
    umount "$dir"
    assert_status 0
    [ "$seen" = "tmpfs from-the-container" ] || fail "on the host under $dir/sub: '$seen'"
}

@test "userns: --uidmap and --gidmap put the container in a user namespace" {
    run --separate-stderr ct run --rm --uidmap 0:100000:65536 --gidmap 0:100000:65536 "$IMAGE" "$(cname userns)" \
        sh -c 'cat /proc/self/uid_map /proc/self/gid_map; id -u; stat -c %u /bin/busybox'
    assert_status 0
    [ "$(echo $output)" = "0 100000 65536 0 100000 65536 0 0" ] || fail "maps: $output"
}

@test "ten: ten containers at once" {
    local n pids=() prefix
    prefix=$(cname ten)
    for n in 1 2 3 4 5 6 7 8 9 10; do
        ct run -d --null-io "$IMAGE" "$prefix-$n" sleep 1000 >"$BATS_TEST_TMPDIR/run-$n" 2>&1 &
        pids+=($!)
    done
    for n in "${!pids[@]}"; do
        wait "${pids[$n]}" || fail "container $((n + 1)): $(cat "$BATS_TEST_TMPDIR/run-$((n + 1))")"
    done
    exec_in_each "$prefix"
    for n in 1 2 3 4 5 6 7 8 9 10; do
        remove_task "$prefix-$n"
    done
}

exec_in_each() {
    local n
    for n in 1 2 3 4 5 6 7 8 9 10; do
        [ "$(ctr_task_status "$1-$n")" = RUNNING ] || fail "$1-$n: $(ctr_task_status "$1-$n")"
        run --separate-stderr ct task exec --exec-id "e$n" "$1-$n" echo "$n"
        assert_output "$n"
    done
}

@test "checkpoint: containers checkpoint --task, then restore --live goes on counting" {
    local reason id mark count
    reason=$(criu check 2>&1) || skip "criu check fails here: $(tail -1 <<<"$reason")"
    id=$(cname checkpoint)
    # The count is in the shell's memory, beside a mark drawn once at its start: a process started anew would
    # draw another mark and count from 1 again.
    ct run -d --null-io "$IMAGE" "$id" sh -c \
        'mark=$(cat /proc/sys/kernel/random/uuid); i=0; while :; do i=$((i + 1)); echo "$mark $i" >/tmp/count; sleep 0.1; done'
    eventually 20 ct_counted_past "$id" "" 5 || fail "the container does not count"
    read -r mark count <<<"$(ct_count "$id")"
    # Bounded: a shim that fails mid-way can leave ctr waiting.
    run --separate-stderr timeout 120 ctr --address "$CONTAINERD_DIR/containerd.sock" --namespace "$SUITE_NAME" containers checkpoint --task "$id" "checkpoint/$id:1"
    [ "$status" -eq 0 ] || fail "checkpoint: $output $stderr"
    remove_task "$id"
    run --separate-stderr timeout 120 ctr --address "$CONTAINERD_DIR/containerd.sock" --namespace "$SUITE_NAME" containers restore --live "$id" "checkpoint/$id:1"
    [ "$status" -eq 0 ] || fail "restore: $output $stderr"
    [ "$(ctr_task_status "$id")" = RUNNING ] || fail "status: $(ctr_task_status "$id")"
    eventually 20 ct_counted_past "$id" "$mark" "$((count + 5))" || fail "the count did not go on: $(ct_count "$id")"
    remove_task "$id"
    ct image rm "checkpoint/$id:1" >/dev/null
}

# What the counting container of "checkpoint" wrote last: its mark and count.
ct_count() {
    ct task exec --exec-id "count-$RANDOM" "$1" cat /tmp/count
}

# Whether container $1 counts past $3 (with mark $2 when given).
ct_counted_past() {
    local mark count
    read -r mark count <<<"$(ct_count "$1" 2>/dev/null)" || return 1
    [ -z "$2" ] || [ "$mark" = "$2" ] || return 1
    [ "${count:-0}" -gt "$3" ]
}

@test "update: no update command in ctr 1.6" {
    skip "ctr 1.6 has no command to update a task's resources"
}

@test "pids-limit: no pids limit flag in ctr run" {
    skip "ctr run has no pids limit flag"
}

@test "hostname: no hostname flag in ctr run" {
    skip "ctr run has no hostname flag"
}

@test "sdnotify: no sd-notify in containerd" {
    skip "containerd passes no NOTIFY_SOCKET to the runtime"
}
