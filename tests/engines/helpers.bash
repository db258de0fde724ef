# Shared by the engine suites (podman.bats, podman-rootless.bats, containerd.bats, docker.bats): the busybox
# image, each engine's private state (started in setup_file, stopped in teardown_file), the checks that a
# scenario left nothing behind, and small assertions. tests/engines/run runs every suite with RUNTIME=runc and
# RUNTIME=hako; see HACKING.md ("Engine tests").
#
# Everything an engine writes lives under one directory, $SUITE (/tmp/hako-engines.XXXXXX), and every
# container's cgroup under /$SUITE_NAME, so that suites never meet each other, other sessions or the
# machine's own engines. What engines and runtimes keep under /run whatever they are told (podman lets a
# rootful runtime use its default root, /run/runc or /run/hako; containerd puts shim sockets in
# /run/containerd/s; dockerd makes /run/docker/plugins) goes to a tmpfs on /run that tests/engines/run
# mounts in a mount namespace of the suite's own.

bats_require_minimum_version 1.5.0

RUNTIME=${RUNTIME:-runc}
IMAGE=localhost/hako-busybox:test
ENGINES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The engine is the suite's file name: podman-rootless.bats is a link to podman.bats.
ENGINE=$(basename "$BATS_TEST_FILENAME" .bats)
# Debian's docker.io CLI; another docker earlier on PATH may be a different version.
DOCKER_CLI=${DOCKER_CLI:-/usr/bin/docker}
# Seconds a scenario's leftovers get to go away after the engine returned (shims and conmon exit after it).
SETTLE_SECONDS=10

# --- assertions ----------------------------------------------------------------------------------------

fail() {
    printf '%s\n' "$*" >&2
    return 1
}

assert_status() {
    [ "$status" -eq "$1" ] || fail "exit status $status, expected $1; output: $output${stderr:+; stderr: $stderr}"
}

assert_output() {
    [ "$output" = "$1" ] || fail "output: '$output', expected '$1'${stderr:+; stderr: $stderr}"
}

assert_output_has() {
    local part
    for part in "$@"; do
        [[ $output == *"$part"* ]] || fail "output lacks '$part': $output${stderr:+; stderr: $stderr}"
    done
}

assert_stderr_has() {
    local part
    for part in "$@"; do
        [[ $stderr == *"$part"* ]] || fail "stderr lacks '$part': $stderr"
    done
}

# What a terminal adds: carriage returns.
# A terminal's output as a user reads it: without the CRs its line discipline adds, and without
# the "^@" it echoes (echoctl) when an engine's raw-mode terminal passes a NUL on, which can land
# anywhere, even between two lines of the process's output.
clean_terminal_output() {
    output=${output//$'\r'/}
    output=${output//'^@'/}
}

# Polls CONDITION (a command) until it holds or SECONDS pass; for what an engine does after it returned.
eventually() {
    local seconds=$1 deadline
    shift
    deadline=$((SECONDS + seconds))
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

file_has() {
    grep -q -- "$2" "$1" 2>/dev/null
}

# Bit N of a hexadecimal capability mask.
cap_bit() {
    echo $(((16#$1 >> $2) & 1))
}

# --- the host --------------------------------------------------------------------------------------------

cgroup2_host() {
    [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]
}

# Where a process in a container finds its memory limit and CPU quota when its view follows the host's
# layout (runc's), and what they read for 64 MiB and --cpus 0.5.
memory_limit_file() {
    if cgroup2_host; then echo /sys/fs/cgroup/memory.max; else echo /sys/fs/cgroup/memory/memory.limit_in_bytes; fi
}

cpu_quota_file() {
    if cgroup2_host; then echo /sys/fs/cgroup/cpu.max; else echo /sys/fs/cgroup/cpu/cpu.cfs_quota_us; fi
}

half_cpu_quota() {
    if cgroup2_host; then echo "50000 100000"; else echo 50000; fi
}

# A memory hog for the OOM scenarios that waits for /tmp/go: an engine may start watching for OOM kills only
# once the runtime's start returned, after the process runs, and a hog that starts at once could be killed
# before that.
GROW_AFTER_GO='until [ -e /tmp/go ]; do sleep 0.1; done; a=x; while :; do a=$a$a; done'

# FROZEN or THAWED: the freezer of the cgroup process PID is in, read on the host.
freezer_state() {
    local pid=$1 path
    if cgroup2_host; then
        path=$(sed -n 's/^0:://p' "/proc/$pid/cgroup")
        if grep -q '^frozen 1' "/sys/fs/cgroup$path/cgroup.events"; then echo FROZEN; else echo THAWED; fi
    else
        path=$(awk -F: '$2 ~ /(^|,)freezer(,|$)/ {print $3}' "/proc/$pid/cgroup")
        cat "/sys/fs/cgroup/freezer$path/freezer.state"
    fi
}

# The memory limit of the cgroup process PID is in, read on the host.
host_memory_limit() {
    local pid=$1 path
    if cgroup2_host; then
        path=$(sed -n 's/^0:://p' "/proc/$pid/cgroup")
        cat "/sys/fs/cgroup$path/memory.max"
    else
        path=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3}' "/proc/$pid/cgroup")
        cat "/sys/fs/cgroup/memory$path/memory.limit_in_bytes"
    fi
}

# The absolute path of the runtime the suite runs under.
runtime_binary() {
    case $RUNTIME in
        runc) command -v runc ;;
        hako) readlink -f "${HAKO:-$ENGINES_DIR/../../cli/target/hako/bin/hako}" ;;
        *) fail "RUNTIME must be runc or hako, not '$RUNTIME'" ;;
    esac
}

# --- the image -------------------------------------------------------------------------------------------

# Makes $SUITE/rootfs (the host's static busybox with its applet links, passwd and group, the sd-notify
# helper, a file in /srv/data for tmpfs copy-up), $SUITE/layer.tar (its one layer) and $SUITE/image.tar (an
# archive that is an OCI layout for ctr and a docker-archive for docker load).
build_image() {
    local rootfs=$SUITE/rootfs applet
    [ -x /bin/busybox ] && /bin/busybox --list >/dev/null 2>&1 || {
        echo "no static /bin/busybox (Debian package busybox-static)"
        return 1
    }
    mkdir -p "$rootfs"/{bin,etc,tmp,proc,sys,dev,root,home/app,srv/data}
    chmod 1777 "$rootfs/tmp"
    cp /bin/busybox "$rootfs/bin/busybox"
    for applet in $(/bin/busybox --list); do
        [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
    done
    printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'app:x:1000:1000:app:/home/app:/bin/sh' \
        'nobody:x:65534:65534:nobody:/:/bin/sh' >"$rootfs/etc/passwd"
    printf '%s\n' 'root:x:0:' 'app:x:1000:' 'nogroup:x:65534:' >"$rootfs/etc/group"
    chown 1000:1000 "$rootfs/home/app"
    echo from-image >"$rootfs/srv/data/hello"
    # Without a static libc the helper is missing and the sd-notify scenario skips, saying so.
    gcc -static -O2 -o "$rootfs/bin/sdnotify" "$ENGINES_DIR/sdnotify.c" 2>"$SUITE/sdnotify-build.log" || rm -f "$rootfs/bin/sdnotify"
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$rootfs" -cf "$SUITE/layer.tar" .
    write_image_archive "$SUITE/layer.tar" "$SUITE/image.tar"
}

sha256_of() {
    sha256sum "$1" | cut -d' ' -f1
}

# One uncompressed layer, its config and manifest as blobs; index.json and oci-layout make it an OCI
# layout (ctr images import), manifest.json a docker-archive (docker load), which docker 20.10 needs.
write_image_archive() {
    local layer=$1 out=$2 dir layer_digest config_digest manifest_digest
    dir=$(mktemp -d "$SUITE/image.XXXXXX")
    mkdir -p "$dir/blobs/sha256"
    layer_digest=$(sha256_of "$layer")
    cp "$layer" "$dir/blobs/sha256/$layer_digest"
    printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
        "$layer_digest" >"$dir/config"
    config_digest=$(sha256_of "$dir/config")
    printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
        "$config_digest" "$(stat -c %s "$dir/config")" "$layer_digest" "$(stat -c %s "$layer")" >"$dir/manifest"
    manifest_digest=$(sha256_of "$dir/manifest")
    printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
        "$manifest_digest" "$(stat -c %s "$dir/manifest")" "$IMAGE" "${IMAGE##*:}" >"$dir/index.json"
    mv "$dir/config" "$dir/blobs/sha256/$config_digest"
    mv "$dir/manifest" "$dir/blobs/sha256/$manifest_digest"
    echo '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
    printf '[{"Config":"blobs/sha256/%s","RepoTags":["%s"],"Layers":["blobs/sha256/%s"]}]' \
        "$config_digest" "$IMAGE" "$layer_digest" >"$dir/manifest.json"
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$dir" -cf "$out" .
    rm -rf "$dir"
}

# --- the suite's life ------------------------------------------------------------------------------------

# Called first in every setup_file: the private directory, the image, and ENGINE_SKIP when this host cannot
# run the engine at all (bats 1.8 cannot skip from setup_file; setup skips every scenario with the reason).
suite_begin() {
    export ENGINE_SKIP=
    if [ "$(id -u)" -ne 0 ]; then
        ENGINE_SKIP="the engine suites need root"
        return 0
    fi
    if [ "$(mounted_at /run)" != "tmpfs hako-engines-run" ]; then
        echo "no private /run: run the engine suites through tests/engines/run" >&2
        return 1
    fi
    SUITE=$(mktemp -d /tmp/hako-engines.XXXXXX)
    chmod 711 "$SUITE" # the rootless suite's user reaches its own directory below it
    SUITE_NAME=hako-engines-${SUITE##*.}
    # What was mounted under /run before the suite's tmpfs (a VM guest's /run/host) is not the suite's.
    awk 'index($5, "/run/") == 1 {print $5}' /proc/self/mountinfo >"$SUITE/run-mounts-before"
    export SUITE SUITE_NAME RUNTIME_BINARY
    RUNTIME_BINARY=$(runtime_binary)
    [ -x "$RUNTIME_BINARY" ] || {
        echo "the runtime $RUNTIME_BINARY is not executable (build hako first: scripts/build)" >&2
        return 1
    }
    build_image >&2
}

# Called last in every teardown_file: nothing of the suite may stay on the host.
suite_end() {
    [ -n "${SUITE:-}" ] && [ -d "$SUITE" ] || return 0
    local mountpoint left=
    # Deepest first; a mount left here would otherwise take rm -rf into another filesystem.
    for mountpoint in $(suite_mounts | sort -r); do
        umount -l "$mountpoint" 2>/dev/null || true
    done
    remove_suite_cgroups
    if [ -n "$(suite_mounts)" ]; then
        left+="mounts under $SUITE: $(suite_mounts | tr '\n' ' ')"
    else
        rm -rf --one-file-system "$SUITE"
    fi
    [ -z "$(suite_cgroups)" ] || left+="cgroups: $(suite_cgroups | tr '\n' ' ')"
    [ -z "$left" ] || fail "the suite left $left"
}

# "FSTYPE SOURCE" of the topmost mount at PATH, from mountinfo (its optional fields end at " - ").
mounted_at() {
    awk -v at="$1" '$5 == at { for (i = 7; i <= NF; i++) if ($i == "-") found = $(i + 1) " " $(i + 2) } END { print found }' \
        /proc/self/mountinfo
}

# Mount points under $SUITE or the private /run, in this mount namespace.
suite_mounts() {
    awk -v prefix="$SUITE/" 'index($5, prefix) == 1 || index($5, "/run/") == 1 {print $5}' /proc/self/mountinfo |
        grep -vxF -f "$SUITE/run-mounts-before"
}

# The suite's cgroup directories (its parent included) in every hierarchy.
suite_cgroups() {
    local hierarchy
    for hierarchy in /sys/fs/cgroup /sys/fs/cgroup/*/; do
        hierarchy=${hierarchy%/}
        [ -d "$hierarchy/$SUITE_NAME" ] && find "$hierarchy/$SUITE_NAME" -type d
    done
    return 0
}

# Container cgroups: the suite's cgroup directories below its parent, but the ones ENGINE_CGROUPS_KEPT names
# (an engine's own, such as podman's conmon), which stay until the end.
container_cgroups() {
    local dir kept
    suite_cgroups | while read -r dir; do
        [ "${dir##*/}" = "$SUITE_NAME" ] && continue
        for kept in ${ENGINE_CGROUPS_KEPT:-}; do
            [ "${dir##*/}" = "$kept" ] && continue 2
        done
        echo "$dir"
    done
}

remove_suite_cgroups() {
    local dir pid
    for dir in $(suite_cgroups | sort -r); do
        # Processes still in them are the suite's own containers': end them by their ids.
        for pid in $(cat "$dir/cgroup.procs" 2>/dev/null); do
            kill -9 "$pid" 2>/dev/null || true
        done
        eventually 5 rmdir "$dir" 2>/dev/null || true
    done
}

# Processes of the suite: in its cgroups, or naming its directory (conmon, shims, the runtime), but the
# engine's daemons ($ENGINE_PIDS) and, for rootless podman, anything the suite's user runs but its pause
# process ($ROOTLESS_UID).
suite_processes() {
    local pattern pid
    # A bracket so that grep does not find itself.
    pattern="hako-engines[.]${SUITE##*.}"
    {
        grep -l -- "$SUITE_NAME" /proc/[0-9]*/cgroup 2>/dev/null
        grep -l -- "$pattern" /proc/[0-9]*/cmdline 2>/dev/null
        [ -n "${ROOTLESS_UID:-}" ] && rootless_processes
    } | sed -n 's|^/proc/\([0-9]*\)/.*|\1|p' | sort -un | while read -r pid; do
        [[ " ${ENGINE_PIDS:-} $(rootless_pause_pid) " == *" $pid "* ]] && continue
        [ -d "/proc/$pid" ] || continue
        echo "$pid $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-160)"
    done
}

# --- per scenario ----------------------------------------------------------------------------------------

# setup: skips when the engine cannot run here; notes what is mounted under $SUITE before the scenario.
scenario_begin() {
    [ -z "$ENGINE_SKIP" ] || skip "$ENGINE_SKIP"
    suite_mounts | sort >"$BATS_TEST_TMPDIR/mounts.before"
    engine_mounts | sort >"$BATS_TEST_TMPDIR/engine-mounts.before"
}

# What a scenario left: containers the engine still lists, the runtime's state, processes, mounts new under
# $SUITE, container cgroups.
leftovers() {
    local containers state mounts cgroups processes
    containers=$(engine_containers 2>&1)
    state=$(runtime_state_entries)
    processes=$(suite_processes)
    mounts=$(comm -13 "$BATS_TEST_TMPDIR/mounts.before" <(suite_mounts | sort))
    mounts+=$(comm -13 "$BATS_TEST_TMPDIR/engine-mounts.before" <(engine_mounts | sort))
    cgroups=$(container_cgroups)
    [ -z "$containers" ] || echo "containers the engine lists: $containers"
    [ -z "$state" ] || echo "runtime state: $state"
    [ -z "$processes" ] || echo "processes: $processes"
    [ -z "$mounts" ] || echo "mounts: $mounts"
    [ -z "$cgroups" ] || echo "cgroups: $cgroups"
}

no_leftovers() {
    [ -z "$(leftovers)" ]
}

# teardown: after a passing scenario, what it left fails it; in any case it is cleaned away so that the next
# scenario starts clean.
scenario_end() {
    [ -z "$ENGINE_SKIP" ] || return 0
    local left=
    eventually "$SETTLE_SECONDS" no_leftovers || left=$(leftovers)
    if [ -n "$left" ]; then
        engine_remove_all_containers >/dev/null 2>&1 || true
        local mountpoint pid dir
        for mountpoint in $(comm -13 "$BATS_TEST_TMPDIR/mounts.before" <(suite_mounts | sort) | sort -r); do
            umount -l "$mountpoint" 2>/dev/null || true
        done
        for pid in $(suite_processes | cut -d' ' -f1); do
            kill -9 "$pid" 2>/dev/null || true
        done
        for dir in $(container_cgroups | sort -r); do
            rmdir "$dir" 2>/dev/null || true
        done
        # The state of containers the engine no longer knows: the runtime's delete, else away with it (the
        # root is the suite's: in its directory or its private /run).
        local root id
        root=$(runtime_state_root)
        for id in $(runtime_state_entries); do
            "$RUNTIME_BINARY" --root "$root" delete --force "$id" >/dev/null 2>&1 || rm -rf "${root:?}/$id"
        done
        if [ "${BATS_TEST_COMPLETED:-}" = 1 ]; then
            fail "the scenario left:" "$left"
        else
            printf '%s\n' "cleaned away after the failure:" "$left" >&2
        fi
    fi
}

# Container ids in the runtime's state root; entries starting with @ are the runtime's own (hako's @cache),
# never a container (ids are [A-Za-z0-9_+.-]).
runtime_state_entries() {
    local root
    root=$(runtime_state_root)
    [ -d "$root" ] || return 0
    find "$root" -mindepth 1 -maxdepth 1 ! -name '@*' -printf '%f\n'
}

# A unique name for a container of this scenario.
cname() {
    echo "${1:-c}-$BATS_TEST_NUMBER-$RANDOM"
}

# --- podman, rootful and rootless ------------------------------------------------------------------------

# podman with the suite's private storage and cgroup parent, the runtime under test registered as
# README.md tells users to. Rootless: as the suite's user, through runuser. It runs in $PODMAN_CWD: conmon
# 2.1.6 writes its "oom" record to its working directory, which is podman's.
pm() {
    (cd "${PODMAN_CWD:-$PODMAN_DIR}" && pm_here "$@")
}

pm_here() {
    local global=(--root "$PODMAN_DIR/root" --runroot "$PODMAN_DIR/runroot" --storage-driver vfs
        --cgroup-manager cgroupfs --events-backend file --runtime "$RUNTIME")
    if [ "$ENGINE" = podman-rootless ]; then
        runuser -u "$ROOTLESS_USER" -- env -i PATH="$PATH" HOME="$PODMAN_DIR/home" \
            XDG_RUNTIME_DIR="$PODMAN_DIR/run" XDG_CONFIG_HOME="$PODMAN_DIR/config" XDG_DATA_HOME="$PODMAN_DIR/data" \
            CONTAINERS_CONF="$PODMAN_DIR/containers.conf" CONTAINERS_STORAGE_CONF="$PODMAN_DIR/storage.conf" \
            CONTAINERS_REGISTRIES_CONF="$PODMAN_DIR/registries.conf" ${NOTIFY_SOCKET:+NOTIFY_SOCKET="$NOTIFY_SOCKET"} \
            podman "${global[@]}" "$@"
    else
        # Containers' cgroups go below the suite's parent.
        case $1 in
            run | create) set -- "$1" --cgroup-parent "/$SUITE_NAME" "${@:2}" ;;
        esac
        CONTAINERS_CONF="$PODMAN_DIR/containers.conf" CONTAINERS_STORAGE_CONF="$PODMAN_DIR/storage.conf" \
            CONTAINERS_REGISTRIES_CONF="$PODMAN_DIR/registries.conf" podman "${global[@]}" "$@"
    fi
}

podman_start() {
    export PODMAN_DIR=$SUITE/podman ENGINE_CGROUPS_KEPT=conmon ROOTLESS_USER= ROOTLESS_UID=
    mkdir -p "$PODMAN_DIR"/{root,runroot,tmp,netconf,home,run,config,data}
    chmod 700 "$PODMAN_DIR/run"
    local ulimits=
    # Rootful podman asks for 1048576 open files and processes, above this process's hard limits, which a
    # runtime can raise only with CAP_SYS_RESOURCE; where that is missing (a container running the
    # suite), the container gets the limits podman itself runs with (it sets 32768 processes for itself).
    if [ "$ENGINE" = podman ] && ! has_capability 24; then
        ulimits="default_ulimits = [\"nofile=$(ulimit -Hn):$(ulimit -Hn)\", \"nproc=$(min "$(ulimit -Hu)" 32768):$(min "$(ulimit -Hu)" 32768)\"]"
    fi
    # netns "none": a network namespace with only lo, so that no bridge or firewall rule is made on the host.
    cat >"$PODMAN_DIR/containers.conf" <<EOF
[containers]
netns = "none"
$ulimits

[network]
network_config_dir = "$PODMAN_DIR/netconf"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$PODMAN_DIR/tmp"
# file locks live in tmp_dir; the default shm locks are one segment shared by every podman of the machine
lock_type = "file"
runtime_supports_json = ["crun", "runc", "kata", "runsc", "youki", "krun", "hako"]

[engine.runtimes]
hako = ["$(runtime_binary_for hako)"]
EOF
    printf '[storage]\ndriver = "vfs"\ngraphroot = "%s"\nrunroot = "%s"\n' "$PODMAN_DIR/root" "$PODMAN_DIR/runroot" \
        >"$PODMAN_DIR/storage.conf"
    : >"$PODMAN_DIR/registries.conf"
    cp "$SUITE/layer.tar" "$PODMAN_DIR/layer.tar"
    if [ "$ENGINE" = podman-rootless ]; then
        if [ "$(cat /proc/sys/user/max_user_namespaces)" = 0 ] || [ "$(cat /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null)" = 0 ]; then
            ENGINE_SKIP="this kernel gives unprivileged users no user namespaces (user.max_user_namespaces or kernel.unprivileged_userns_clone is 0)"
            return 0
        fi
        rootless_user_create || return 1
        chown -R "$ROOTLESS_USER:" "$PODMAN_DIR"
    fi
    pm import --quiet --change 'CMD ["sh"]' "$PODMAN_DIR/layer.tar" "$IMAGE" >/dev/null
}

podman_stop() {
    [ -n "${PODMAN_DIR:-}" ] || return 0
    pm rm --all --force --time 0 >/dev/null 2>&1 || true
    if [ -n "${ROOTLESS_USER:-}" ]; then
        local pid
        for pid in $(rootless_pause_pid) $(rootless_processes | sed -n 's|^/proc/\([0-9]*\)/.*|\1|p'); do
            kill -9 "$pid" 2>/dev/null || true
        done
        eventually 10 rootless_user_idle || true
        rootless_user_remove
    fi
}

# The runtime's state root, as the engine makes the runtime use it.
runtime_state_root() {
    case $ENGINE in
        # podman passes a rootful runtime no --root (and its clean-up process would not pass --runtime-flag):
        # the runtime's default, in the suite's private /run.
        podman) echo "/run/$RUNTIME" ;;
        # Not set by podman: the runtime's own rule for a non-root user, $XDG_RUNTIME_DIR/<runtime>.
        podman-rootless) echo "$SUITE/podman/run/$RUNTIME" ;;
        containerd) echo "$SUITE/containerd/state-$RUNTIME/$SUITE_NAME" ;;
        docker) echo "$SUITE/docker/exec/runtime-$RUNTIME/moby" ;;
    esac
}

runtime_binary_for() {
    RUNTIME=$1 runtime_binary
}

has_capability() {
    local bounding
    bounding=$(awk '/^CapBnd:/ {print $2}' /proc/self/status)
    [ "$(cap_bit "$bounding" "$1")" = 1 ]
}

min() {
    if [ "$1" -lt "$2" ]; then echo "$1"; else echo "$2"; fi
}

# A user for rootless podman with subordinate ids (useradd allocates them from /etc/login.defs' range) and
# its own runtime directory.
rootless_user_create() {
    ROOTLESS_USER=$SUITE_NAME
    # Files made here go again with the user when they are left empty.
    export ROOTLESS_MADE_FILES=
    local file
    for file in /etc/subuid /etc/subgid; do
        [ -e "$file" ] || { touch "$file" && ROOTLESS_MADE_FILES+=" $file"; }
    done
    useradd --no-create-home --home-dir "$PODMAN_DIR/home" --shell /bin/sh --user-group "$ROOTLESS_USER" || {
        echo "useradd $ROOTLESS_USER failed" >&2
        return 1
    }
    if ! grep -q "^$ROOTLESS_USER:" /etc/subuid || ! grep -q "^$ROOTLESS_USER:" /etc/subgid; then
        # Where useradd allocates none (no /etc/subuid, SUB_UID_COUNT 0), a range above every other one.
        local start
        start=$(awk -F: 'BEGIN {m = 100000} {if ($2 + $3 > m) m = $2 + $3} END {print m}' /etc/subuid /etc/subgid 2>/dev/null)
        usermod --add-subuids "$start-$((start + 65535))" --add-subgids "$start-$((start + 65535))" "$ROOTLESS_USER"
    fi
    ROOTLESS_UID=$(id -u "$ROOTLESS_USER")
    export ROOTLESS_USER ROOTLESS_UID
    export ROOTLESS_SUBUIDS
    ROOTLESS_SUBUIDS=$(awk -F: -v u="$ROOTLESS_USER" '$1 == u {print $2, $3}' /etc/subuid)
}

rootless_user_remove() {
    userdel "$ROOTLESS_USER" 2>/dev/null || userdel -f "$ROOTLESS_USER"
    # userdel removes the subordinate ranges too; make sure.
    sed -i "/^$ROOTLESS_USER:/d" /etc/subuid /etc/subgid
    local file
    for file in ${ROOTLESS_MADE_FILES:-}; do
        [ -s "$file" ] || rm -f "$file"
    done
}

# /proc/PID/status of every process owned by the suite's user or one of its subordinate ids.
rootless_processes() {
    local first count
    read -r first count <<<"$ROOTLESS_SUBUIDS"
    awk -v uid="$ROOTLESS_UID" -v first="$first" -v count="$count" \
        '/^Uid:/ { if ($2 == uid || ($2 >= first && $2 < first + count)) print FILENAME; nextfile }' \
        /proc/[0-9]*/status 2>/dev/null
}

rootless_user_idle() {
    [ -z "$(rootless_processes)" ]
}

# Rootless podman keeps its user namespace alive with a pause process between calls.
rootless_pause_pid() {
    [ -n "${ROOTLESS_USER:-}" ] && cat "$PODMAN_DIR/tmp/pause.pid" "$PODMAN_DIR/run/libpod/tmp/pause.pid" 2>/dev/null
    return 0
}

podman_containers() {
    pm ps --all --quiet
}

# Rootless podman mounts in its own mount namespace, which the host's mountinfo does not show.
podman_mounts() {
    [ "$ENGINE" = podman-rootless ] || return 0
    [ -n "$(rootless_pause_pid)" ] || return 0
    pm unshare cat /proc/self/mountinfo | awk -v prefix="$SUITE/" 'index($5, prefix) == 1 {print "(rootless) " $5}'
}

# The cgroup controllers podman can use for its containers; none for rootless podman on cgroup v1.
podman_has_cgroups() {
    [ "$ENGINE" = podman ] && return 0
    [ "$(pm info --format '{{len .Host.CgroupControllers}}')" -gt 0 ]
}

require_podman_cgroups() {
    podman_has_cgroups || skip "rootless podman has no cgroup controllers on this host (cgroup $(pm info --format '{{.Host.CgroupsVersion}}'), so no limits, pause or stats)"
}

# --- containerd and ctr ----------------------------------------------------------------------------------

ctr_private() {
    ctr --address "$CONTAINERD_DIR/containerd.sock" --namespace "$SUITE_NAME" "$@"
}

# ctr with the runc v2 shim and the runtime under test, as README.md tells users (--runc-binary); the
# runtime's state and the IO fifos in the suite's directory.
ct() {
    case $1 in
        run) set -- run --runc-binary "$RUNTIME_BINARY" --runc-root "$SUITE/containerd/state-$RUNTIME" \
            --fifo-dir "$CONTAINERD_DIR/fifo" "${@:2}" ;;
        task | tasks | t)
            [ "$2" = exec ] && set -- task exec --fifo-dir "$CONTAINERD_DIR/fifo" "${@:3}" ;;
    esac
    ctr_private "$@"
}

# A private containerd: its own root, state, sockets and /opt; no CRI plugin (no CNI). Its shim sockets go
# to /run/containerd/s whatever the state directory (containerd 1.6 hard-codes it), in the private /run.
containerd_start() {
    export CONTAINERD_DIR=$SUITE/containerd ENGINE_CGROUPS_KEPT=
    mkdir -p "$CONTAINERD_DIR/fifo"
    write_containerd_config "$CONTAINERD_DIR"
    containerd --config "$CONTAINERD_DIR/config.toml" >"$CONTAINERD_DIR/containerd.log" 2>&1 &
    export ENGINE_PIDS=$!
    eventually 30 ctr_private version >/dev/null 2>&1 || {
        echo "containerd did not come up; its log:" >&2
        tail -20 "$CONTAINERD_DIR/containerd.log" >&2
        return 1
    }
    ctr_private images import "$SUITE/image.tar" >/dev/null
}

write_containerd_config() {
    local dir=$1
    cat >"$dir/config.toml" <<EOF
version = 2
root = "$dir/root"
state = "$dir/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
    "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]
[grpc]
  address = "$dir/containerd.sock"
[ttrpc]
  address = "$dir/containerd.sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/opt"
EOF
}

containerd_stop() {
    [ -n "${CONTAINERD_DIR:-}" ] || return 0
    containerd_remove_all >/dev/null 2>&1 || true
    stop_daemon "${ENGINE_PIDS:-}"
}

containerd_remove_all() {
    local id
    for id in $(ctr_private tasks ls --quiet); do
        ctr_private tasks kill --signal SIGKILL "$id" 2>/dev/null
        eventually 10 ctr_task_stopped "$id"
        ctr_private tasks delete --force "$id"
    done
    for id in $(ctr_private containers ls --quiet); do
        ctr_private containers delete "$id"
    done
}

ctr_task_status() {
    ctr_private tasks ls | awk -v id="$1" '$1 == id {print $3}'
}

ctr_task_stopped() {
    [ "$(ctr_task_status "$1")" = STOPPED ] || [ -z "$(ctr_task_status "$1")" ]
}

ctr_task_pid() {
    ctr_private tasks ls | awk -v id="$1" '$1 == id {print $2}'
}

containerd_containers() {
    ctr_private containers ls --quiet
    ctr_private tasks ls --quiet
}

# --- docker ----------------------------------------------------------------------------------------------

dk() {
    case $1 in
        # --network none: the only network besides host with --bridge=none; docker would warn on every run
        # that IPv4 forwarding is off otherwise.
        run | create) set -- "$1" --runtime "$RUNTIME" $(has_arg --network "$@" || echo --network=none) "${@:2}" ;;
    esac
    DOCKER_CONFIG="$DOCKER_DIR/cli" "$DOCKER_CLI" --host "unix://$DOCKER_DIR/docker.sock" "$@"
}

has_arg() {
    local name=$1 arg
    shift
    for arg in "$@"; do
        [[ $arg == "$name" || $arg == "$name="* ]] && return 0
    done
    return 1
}

# dockerd on a private containerd (started like containerd_start's; the one dockerd starts itself would use
# /opt/containerd), with its own data-root, exec-root, pidfile, socket, trust key and cgroup parent;
# no iptables, no bridge, no forwarding, so the host's network stays as it is. hako registered in its config
# file as README.md tells users.
docker_start() {
    export DOCKER_DIR=$SUITE/docker ENGINE_CGROUPS_KEPT=
    if ! command -v dockerd >/dev/null || [ ! -x "$DOCKER_CLI" ]; then
        ENGINE_SKIP="no dockerd or $DOCKER_CLI (Debian package docker.io)"
        return 0
    fi
    mkdir -p "$DOCKER_DIR/containerd"
    write_containerd_config "$DOCKER_DIR/containerd"
    containerd --config "$DOCKER_DIR/containerd/config.toml" >"$DOCKER_DIR/containerd/containerd.log" 2>&1 &
    ENGINE_PIDS=$!
    cat >"$DOCKER_DIR/daemon.json" <<EOF
{
  "runtimes": { "hako": { "path": "$(runtime_binary_for hako)" } },
  "deprecated-key-path": "$DOCKER_DIR/key.json"
}
EOF
    dockerd --config-file "$DOCKER_DIR/daemon.json" --containerd "$DOCKER_DIR/containerd/containerd.sock" \
        --data-root "$DOCKER_DIR/data" --exec-root "$DOCKER_DIR/exec" --pidfile "$DOCKER_DIR/docker.pid" \
        --host "unix://$DOCKER_DIR/docker.sock" --cgroup-parent "/$SUITE_NAME" --exec-opt native.cgroupdriver=cgroupfs \
        --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false --bridge=none --userland-proxy=false \
        >"$DOCKER_DIR/dockerd.log" 2>&1 &
    ENGINE_PIDS+=" $!"
    export ENGINE_PIDS
    if ! eventually 60 dk version >/dev/null 2>&1; then
        ENGINE_SKIP="dockerd does not start here: $(grep -E 'level=(fatal|error)' "$DOCKER_DIR/dockerd.log" | tail -1)"
        return 0
    fi
    dk load --quiet --input "$SUITE/image.tar" >/dev/null
}

docker_stop() {
    [ -n "${DOCKER_DIR:-}" ] || return 0
    dk rm --force $(dk ps --all --quiet 2>/dev/null) >/dev/null 2>&1 || true
    # dockerd first (it stops its containers), then its containerd.
    stop_daemon "${ENGINE_PIDS#* }"
    stop_daemon "${ENGINE_PIDS%% *}"
}

docker_containers() {
    dk ps --all --quiet
}

# SIGTERM, then SIGKILL after 30 seconds; returns when the process is gone.
stop_daemon() {
    local pid=$1
    [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 0
    kill "$pid" 2>/dev/null || return 0
    eventually 30 process_gone "$pid" || {
        kill -9 "$pid" 2>/dev/null
        eventually 10 process_gone "$pid"
    }
}

process_gone() {
    [ ! -d "/proc/$1" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]
}

# --- what the scenario checks call, per engine -----------------------------------------------------------

engine_containers() {
    case $ENGINE in
        podman | podman-rootless) podman_containers ;;
        containerd) containerd_containers ;;
        docker) docker_containers ;;
    esac
}

engine_mounts() {
    case $ENGINE in
        podman-rootless) podman_mounts ;;
    esac
}

engine_remove_all_containers() {
    case $ENGINE in
        podman | podman-rootless) pm rm --all --force --time 0 ;;
        containerd) containerd_remove_all ;;
        docker) dk rm --force $(dk ps --all --quiet) ;;
    esac
}

# A mount point made shared in its own peer group, for volumes with rshared propagation.
make_shared_dir() {
    mkdir -p "$1"
    mount --bind "$1" "$1"
    mount --make-shared "$1"
}
