#!/bin/bash
# Runs the cgroup v2 driver's tests where they can run for real: in a small QEMU guest with a pure cgroup v2
# hierarchy (../shared/vm/vm-run.sh). On a hybrid or v1 host the real tests (V2CgroupTest) skip, saying so.
#
#   cgroups/src/test/vm/run-v2-tests.sh [MAVEN ARGS...]     e.g. -Dtest='V2CgroupTest#freeze*'
#
# The guest sees this machine's files at the same paths, so Maven runs offline on this checkout with this
# ~/.m2 and JDK; the modules must be installed there first (scripts/build -q install -DskipTests: the v2 driver's
# tests take the cgroup API and its test-jar from there). It runs sys's BpfTest and every test of the v2 driver's
# module (cgroups/v2, io.hako.cgroups.v2.internal), then the cli's LimitAtCreateIT (a memory limit below the waiting
# init's usage, as v2 takes it; failsafe's goals alone, so the launcher must be packaged), as root in the guest, and
# exits with Maven's status.
#
# Environment: VM_RUN (vm-run.sh's path), VM_RUN_TIMEOUT (seconds, default 900), VM_RUN_OPTIONS (vm-run.sh's
# options, default "--cpus 1"). One CPU because, where the guest is emulated (TCG, on a host without vmx/svm),
# JVMs in a two-CPU guest crashed now and then in JIT-compiled code; with one, none has.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)
vm_run=${VM_RUN:-$repo/../shared/vm/vm-run.sh}
[ -x "$vm_run" ] || { echo "run-v2-tests: no $vm_run (set VM_RUN to vm-run.sh)" >&2; exit 2; }

cd "$repo"
# shellcheck disable=SC2086 # VM_RUN_OPTIONS is a list of options
exec "$vm_run" --timeout "${VM_RUN_TIMEOUT:-900}" ${VM_RUN_OPTIONS---cpus 1} -- bash -c '
    source scripts/lib.sh
    mvn25 -o -pl sys,cgroups/v2 test -Dtest="BpfTest,io/hako/cgroups/v2/internal/*Test" \
        -Dsurefire.failIfNoSpecifiedTests=false "$@" &&
    mvn25 -o -pl cli failsafe:integration-test failsafe:verify -Dit.test=LimitAtCreateIT' run-v2-tests "$@"
