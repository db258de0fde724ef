#!/usr/bin/env bats
# Docker 20.10 (Debian's docker.io) driving the runtime under test, registered in dockerd's config file as
# README.md tells users and picked with --runtime. Each test is one scenario, named "<scenario>: what the
# user sees". Docker has no per-container user namespace and no sd-notify: those two skip.

load helpers

setup_file() {
    suite_begin || return 1
    [ -n "$ENGINE_SKIP" ] || docker_start
}

teardown_file() {
    docker_stop
    suite_end
}

setup() {
    scenario_begin
}

teardown() {
    scenario_end
}

@test "run: the command's output reaches the caller" {
    run --separate-stderr dk run --rm "$IMAGE" echo hello from a container
    assert_status 0
    assert_output "hello from a container"
}

@test "exit-status: the container's exit status is docker's" {
    run dk run --rm "$IMAGE" sh -c 'exit 42'
    assert_status 42
}

@test "missing-exe: a missing executable exits 127 with docker's message" {
    run -127 --separate-stderr dk run --rm "$IMAGE" /no/such/file
    assert_stderr_has "docker: Error response from daemon: failed to create shim task: OCI runtime create failed:" /no/such/file
    # The CLI adds a line of its own now and then, whatever the runtime: its wait racing the failed start.
    local extra
    extra=$(grep -v -e '^docker: Error response from daemon: ' -e 'error waiting for container: context canceled' <<<"$stderr" || true)
    [ -z "$extra" ] || fail "more than docker's error: $stderr"
}

@test "detached: run -d, exec, exec -t, logs, stop, rm" {
    local name
    name=$(cname detached)
    run dk run -d --name "$name" "$IMAGE" sh -c 'trap "echo stopping; exit 0" TERM; echo started; sleep 1000 & wait'
    assert_status 0
    eventually 20 dk_logs_have "$name" started

    run --separate-stderr dk exec "$name" echo from exec
    assert_status 0
    assert_output "from exec"
    run dk exec "$name" sh -c 'exit 3'
    assert_status 3
    run --separate-stderr dk exec -t "$name" sh -c 'tty; test -t 1 && echo stdout-is-a-terminal'
    assert_status 0
    clean_terminal_output
    [[ $output == /dev/pts/[0-9]*$'\n'stdout-is-a-terminal ]] || fail "exec -t: $output"

    run dk stop --time 20 "$name"
    assert_status 0
    run dk inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$name"
    assert_output "exited 0"
    run dk logs "$name"
    assert_output "started"$'\n'"stopping"
    run dk rm "$name"
    assert_status 0
}

dk_logs_have() {
    [[ $(dk logs "$1" 2>&1) == *"$2"* ]]
}

@test "tty: -t gives the process a terminal" {
    run --separate-stderr dk run --rm -t "$IMAGE" sh -c 'tty; test -t 0 && test -t 1 && echo both-are-terminals'
    assert_status 0
    clean_terminal_output
    assert_output "/dev/pts/0"$'\n'"both-are-terminals"
}

@test "interactive: -i passes the caller's stdin" {
    run --separate-stderr dk run --rm -i "$IMAGE" sh -c 'read line; echo "got $line"' <<<"a line from the host"
    assert_status 0
    assert_output "got a line from the host"
}

@test "pause: pause freezes the container, unpause thaws it" {
    local name pid
    name=$(cname pause)
    dk run -d --name "$name" "$IMAGE" sleep 1000
    pid=$(dk inspect --format '{{.State.Pid}}' "$name")
    run dk pause "$name"
    assert_status 0
    run dk inspect --format '{{.State.Status}}' "$name"
    assert_output paused
    [ "$(freezer_state "$pid")" = FROZEN ] || fail "freezer: $(freezer_state "$pid")"
    run dk unpause "$name"
    assert_status 0
    [ "$(freezer_state "$pid")" = THAWED ] || fail "freezer: $(freezer_state "$pid")"
    run --separate-stderr dk exec "$name" echo thawed
    assert_output thawed
    dk rm --force "$name"
}

@test "top: top lists the container's processes (the runtime's ps)" {
    local name
    name=$(cname top)
    dk run -d --name "$name" "$IMAGE" sleep 1000
    run --separate-stderr dk top "$name"
    assert_status 0
    assert_output_has "sleep 1000"
    dk rm --force "$name"
}

@test "stats: stats reads the container's cgroup" {
    local name
    name=$(cname stats)
    dk run -d --name "$name" --memory 64m "$IMAGE" sleep 1000
    run --separate-stderr dk stats --no-stream --format '{{.MemUsage}} {{.PIDs}}' "$name"
    assert_status 0
    [[ $output =~ ^[1-9][0-9.]*[KM]iB\ /\ 64MiB\ 1$ ]] || fail "stats: $output"
    dk rm --force "$name"
}

@test "update: update changes a running container's limits" {
    local name pid
    name=$(cname update)
    dk run -d --name "$name" --memory 64m "$IMAGE" sleep 1000
    pid=$(dk inspect --format '{{.State.Pid}}' "$name")
    run --separate-stderr dk update --memory 128m --memory-swap 256m "$name"
    assert_status 0
    [ "$(host_memory_limit "$pid")" = 134217728 ] || fail "limit after update: $(host_memory_limit "$pid")"
    run --separate-stderr dk stats --no-stream --format '{{.MemUsage}}' "$name"
    assert_output_has "/ 128MiB"
    dk rm --force "$name"
}

@test "memory: --memory is the limit the container reads in its cgroup" {
    run --separate-stderr dk run --rm --memory 64m "$IMAGE" cat "$(memory_limit_file)"
    assert_status 0
    assert_output 67108864
}

@test "oom: a container over its memory limit is killed and docker says so" {
    local name
    name=$(cname oom)
    # The hog starts once the container is up: the shim watches for OOM kills only after the runtime's
    # start returned (GROW_AFTER_GO).
    dk run -d --name "$name" --memory 32m --memory-swap 32m "$IMAGE" sh -c "$GROW_AFTER_GO"
    dk exec "$name" touch /tmp/go
    run dk wait "$name"
    assert_output 137
    run dk inspect --format '{{.State.OOMKilled}} {{.State.ExitCode}}' "$name"
    assert_output "true 137"
    dk rm "$name"
}

@test "pids-limit: --pids-limit stops forks past the limit" {
    # busybox sh gives up with status 2 when a fork fails.
    run dk run --rm --pids-limit 8 "$IMAGE" sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do sleep 30 & done; echo not reached'
    assert_status 2
    assert_output "sh: can't fork: Resource temporarily unavailable"
}

@test "cpus: --cpus is the quota the container reads in its cgroup" {
    run --separate-stderr dk run --rm --cpus 0.5 "$IMAGE" cat "$(cpu_quota_file)"
    assert_status 0
    assert_output "$(half_cpu_quota)"
}

@test "read-only: --read-only makes the root read-only" {
    run --separate-stderr dk run --rm --read-only "$IMAGE" sh -c 'touch /file 2>&1; grep " / " /proc/mounts | cut -d" " -f4 | cut -d, -f1'
    assert_status 0
    assert_output "touch: /file: Read-only file system"$'\n'"ro"
}

@test "tmpfs: --tmpfs mounts a tmpfs over what the image had there" {
    run --separate-stderr dk run --rm --tmpfs /srv/data:size=1m "$IMAGE" \
        sh -c 'awk "\$2 == \"/srv/data\" {print \$1, \$3}" /proc/mounts; ls /srv/data; echo new > /srv/data/new && cat /srv/data/new'
    assert_status 0
    assert_output "tmpfs tmpfs"$'\n'"new"
}

@test "user: --user sets uid, gid and HOME from the image's passwd" {
    run --separate-stderr dk run --rm --user 1000:1000 "$IMAGE" sh -c 'id; echo $HOME'
    assert_status 0
    assert_output "uid=1000(app) gid=1000(app) groups=1000(app)"$'\n'"/home/app"
    run --separate-stderr dk run --rm --user nobody "$IMAGE" id -u
    assert_output 65534
}

@test "workdir: --workdir is the process's directory, made when missing" {
    run --separate-stderr dk run --rm --workdir /srv/data "$IMAGE" pwd
    assert_output /srv/data
    run --separate-stderr dk run --rm --workdir /not/in/the/image "$IMAGE" pwd
    assert_status 0
    assert_output /not/in/the/image
}

@test "env: --env reaches the process beside PATH and HOME" {
    run --separate-stderr dk run --rm --env FOO=bar --env 'SPACED=a b' "$IMAGE" sh -c 'echo "$FOO|$SPACED|$HOME|$PATH"'
    assert_status 0
    assert_output "bar|a b|/root|/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
}

@test "hostname: --hostname is the container's" {
    run --separate-stderr dk run --rm --hostname box.example "$IMAGE" hostname
    assert_output box.example
}

@test "caps: --cap-add and --cap-drop change the process's capabilities" {
    run --separate-stderr dk run --rm --cap-drop CHOWN --cap-add NET_ADMIN "$IMAGE" \
        sh -c 'grep CapEff /proc/self/status; chown 1 /tmp 2>&1'
    assert_output_has "Operation not permitted"
    local effective
    effective=$(awk '/^CapEff:/ {print $2}' <<<"$output")
    [ "$(cap_bit "$effective" 0)" = 0 ] || fail "CAP_CHOWN kept: $effective"
    [ "$(cap_bit "$effective" 12)" = 1 ] || fail "CAP_NET_ADMIN missing: $effective"
}

@test "seccomp-default: docker's default profile filters the process" {
    run --separate-stderr dk run --rm "$IMAGE" grep Seccomp: /proc/self/status
    assert_output $'Seccomp:\t2'
}

@test "seccomp-unconfined: seccomp=unconfined leaves the process unfiltered" {
    run --separate-stderr dk run --rm --security-opt seccomp=unconfined "$IMAGE" grep Seccomp: /proc/self/status
    assert_output $'Seccomp:\t0'
}

@test "network-none: --network none leaves only lo" {
    run --separate-stderr dk run --rm --network none "$IMAGE" ls /sys/class/net
    assert_status 0
    assert_output lo
}

@test "volume: a bind volume is shared with the host both ways" {
    local dir=$DOCKER_DIR/volume-$BATS_TEST_NUMBER
    mkdir -p "$dir"
    echo from-host >"$dir/in"
    run --separate-stderr dk run --rm -v "$dir:/data" "$IMAGE" sh -c 'cat /data/in; echo from-container > /data/out'
    assert_status 0
    assert_output from-host
    [ "$(cat "$dir/out")" = from-container ]
}

@test "volume-rshared: a mount made in the container under an rshared volume reaches the host" {
    local dir=$DOCKER_DIR/shared-$BATS_TEST_NUMBER
    # Docker refuses rshared on a source whose mount is not shared.
    make_shared_dir "$dir"
    run --separate-stderr dk run --rm --cap-add SYS_ADMIN -v "$dir:/data:rshared" "$IMAGE" \
        sh -c 'mkdir /data/sub && mount -t tmpfs from-the-container /data/sub'
    local seen
    seen=$(mounted_at "$dir/sub")
    umount "$dir/sub" 2>/dev/null || true
    umount "$dir"
    assert_status 0
    [ "$seen" = "tmpfs from-the-container" ] || fail "on the host under $dir/sub: '$seen'"
}

@test "ten: ten containers at once" {
    local n pids=() prefix
    prefix=$(cname ten)
    for n in 1 2 3 4 5 6 7 8 9 10; do
        dk run -d --name "$prefix-$n" "$IMAGE" sleep 1000 >"$BATS_TEST_TMPDIR/run-$n" 2>&1 &
        pids+=($!)
    done
    for n in "${!pids[@]}"; do
        wait "${pids[$n]}" || fail "container $((n + 1)): $(cat "$BATS_TEST_TMPDIR/run-$((n + 1))")"
    done
    run dk ps --filter "name=$prefix" --format '{{.Names}}'
    [ "${#lines[@]}" -eq 10 ] || fail "running: $output"
    exec_in_each "$prefix"
    run dk rm --force $(printf "$prefix-%s " 1 2 3 4 5 6 7 8 9 10)
    assert_status 0
}

exec_in_each() {
    local n
    for n in 1 2 3 4 5 6 7 8 9 10; do
        run --separate-stderr dk exec "$1-$n" echo "$n"
        assert_output "$n"
    done
}

@test "userns: no per-container user namespace in Docker" {
    skip "Docker 20.10 has no per-container user namespace (userns-remap is daemon-wide)"
}

@test "sdnotify: no sd-notify in Docker" {
    skip "Docker passes no NOTIFY_SOCKET to the runtime"
}
