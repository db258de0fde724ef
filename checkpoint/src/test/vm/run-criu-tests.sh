#!/bin/bash
# Runs the checkpoint tests where CRIU works: in a small QEMU guest (../shared/vm/vm-run.sh), whose kernel passes
# `criu check` where the development machines' fails (vdso). On such a host CheckpointIT's round trips skip with
# CRIU's reason.
#
#   checkpoint/src/test/vm/run-criu-tests.sh [MAVEN ARGS...]     e.g. -Dit.test='CheckpointIT#leftRunning*'
#
# The guest sees this machine's files at the same paths, so Maven runs offline on this checkout with this ~/.m2 and
# JDK. Build on the host first (scripts/build -q install -DskipTests: the modules installed, the launcher packaged,
# the tests compiled): the guest only runs the tests, the checkpoint module's (surefire) and the cli's Checkpoint*IT
# (failsafe's goals alone, so the launcher is not packaged again), as root, and exits with the first failure's status.
# hako and runc side by side: runc is the host's, so the guest's too. Then the checkpoint scenarios of the engine
# suites (tests/engines) of podman and containerd, under runc and hako.
#
# Environment: VM_RUN (vm-run.sh's path), VM_RUN_TIMEOUT (seconds, default 1500), VM_RUN_OPTIONS (vm-run.sh's
# options, default "--cpus 1", as the cgroup suites).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)
vm_run=${VM_RUN:-$repo/../shared/vm/vm-run.sh}
[ -x "$vm_run" ] || { echo "run-criu-tests: no $vm_run (set VM_RUN to vm-run.sh)" >&2; exit 2; }

cd "$repo"
# shellcheck disable=SC2086 # VM_RUN_OPTIONS is a list of options
exec "$vm_run" --timeout "${VM_RUN_TIMEOUT:-1500}" ${VM_RUN_OPTIONS---cpus 1} -- bash -c '
    source scripts/lib.sh
    criu check || exit 1
    mvn25 -o -pl checkpoint surefire:test "$@" &&
    mvn25 -o -pl cli failsafe:integration-test failsafe:verify -Dit.test="Checkpoint*IT" "$@" &&
    tests/engines/run -f checkpoint podman containerd' run-criu-tests "$@"
