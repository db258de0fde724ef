#!/bin/bash
# Runs the systemd cgroup driver's tests against a real systemd: in a QEMU guest that boots systemd as init on a
# pure cgroup v2 hierarchy (../shared/vm/vm-run.sh --systemd). Elsewhere the real tests (SystemdCgroupTest) skip,
# saying so.
#
#   cgroups/src/test/vm/run-systemd-tests.sh [MAVEN ARGS...]     e.g. -Dtest='SystemdCgroupTest#freeze*'
#
# As run-v2-tests.sh: the guest sees this checkout, ~/.m2 and the JDK; install the modules first (scripts/build
# -q install -DskipTests). It runs every test of the systemd driver's module (cgroups/systemd: the driver in
# io.hako.cgroups.systemd.internal, its D-Bus client in io.hako.cgroups.systemd.internal.dbus), and the container
# module's SystemdContainerTest (real containers in systemd scopes), then the cli's KilledUnderSystemdIT (hako
# SIGKILLed part-way, the scope stopped by delete --force; failsafe's goals alone, so the launcher must be packaged),
# as root in the guest (the command runs as a systemd service there), and exits with Maven's status.
#
# Environment: VM_RUN, VM_RUN_TIMEOUT (default 900), VM_RUN_OPTIONS (default "--cpus 1"), as run-v2-tests.sh.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)
vm_run=${VM_RUN:-$repo/../shared/vm/vm-run.sh}
[ -x "$vm_run" ] || { echo "run-systemd-tests: no $vm_run (set VM_RUN to vm-run.sh)" >&2; exit 2; }

cd "$repo"
# shellcheck disable=SC2086 # VM_RUN_OPTIONS is a list of options
exec "$vm_run" --systemd --timeout "${VM_RUN_TIMEOUT:-900}" ${VM_RUN_OPTIONS---cpus 1} -- bash -c '
    source scripts/lib.sh
    mvn25 -o -pl cgroups/systemd,container test \
        -Dtest="io/hako/cgroups/systemd/internal/**/*Test,SystemdContainerTest" \
        -Dsurefire.failIfNoSpecifiedTests=false "$@" &&
    mvn25 -o -pl cli failsafe:integration-test failsafe:verify -Dit.test=KilledUnderSystemdIT' run-systemd-tests "$@"
