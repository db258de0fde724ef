# Shared by the scripts in this folder; source it, don't run it.

HAKO_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Prints the home of a JDK 25 (or newer): $JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
find_jdk() {
    local candidate version
    for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
        [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
        version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
            | sed -n 's/^ *java.specification.version = //p')
        if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null; then
            echo "${candidate%/}"
            return 0
        fi
    done
    echo "hako needs a JDK 25 or newer and found none (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable under /usr/lib/jvm)." >&2
    echo "Install one (for example Temurin 25) and set JAVA_HOME to it." >&2
    return 1
}

# Installs the Debian packages named in $@ that are missing (needs root and apt-get).
ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        echo "missing packages: ${missing[*]} (install them with apt-get as root)" >&2
        return 1
    fi
    echo "installing: ${missing[*]}" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# What building hako needs on Debian (the JDK is found, not installed: see find_jdk).
BUILD_PACKAGES=(maven gcc libc6-dev git)
# What running the demo and the runtime needs.
RUN_PACKAGES=(busybox-static libseccomp2)
# What the test suite needs besides: clang and its libFuzzer runtime for the plan decoder's fuzz run,
# util-linux's unshare for namespace tests, iproute2's ip (network namespaces to join), dbus-daemon for the
# D-Bus client's tests; for the engine suites (tests/engines): the engines (podman with conmon and catatonit for
# its rootless pause process, containerd with ctr and the runc v2 shim, docker.io), uidmap (newuidmap for
# rootless podman), bats, and bsdutils' script(1) for ctr's terminal; criu for the checkpoint suite (its VM
# guest runs the host's criu).
TEST_PACKAGES=(clang libclang-rt-14-dev util-linux iproute2 runc dbus-daemon
    podman conmon catatonit containerd docker.io uidmap bats bsdutils criu)

# Runs Maven with JAVA_HOME set to a JDK 25.
mvn25() {
    local jdk
    jdk=$(find_jdk) || return 1
    JAVA_HOME="$jdk" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -ntp "$@"
}
