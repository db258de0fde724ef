package io.hako.container;

import io.hako.namespaces.UserNamespace;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * runc's rules for a runtime that may not be the host's root ("rootless"): where the state root is by default,
 * and whether cgroup permission errors are ignored ({@code --rootless}). The decisions are pure functions of the
 * caller's facts: its effective uid, whether it runs in a user namespace other than the initial one (root in
 * podman's rootless namespace is not the host's root), its environment and its flags.
 */
public final class Rootless {
    private Rootless() {}

    /** {@return whether this process runs in a user namespace other than the initial one} */
    public static boolean inUserNamespace() {
        return UserNamespace.current();
    }

    /**
     * The state root under {@code $XDG_RUNTIME_DIR}, {@code $XDG_RUNTIME_DIR/hako}, when runc would use
     * {@code $XDG_RUNTIME_DIR/runc}: the variable is set and not empty, and the caller is not root (effective uid
     * other than 0), or is root in a user namespace with {@code USER} other than {@code root} or unset. Empty
     * otherwise: the host's root keeps {@code /run/hako} even where a login set {@code XDG_RUNTIME_DIR=/run/user/0}.
     *
     * @param environment the caller's environment
     * @param euid the caller's effective uid, in its own user namespace
     * @param inUserNamespace whether the caller runs in a user namespace other than the initial one
     * @return {@code $XDG_RUNTIME_DIR/hako}, or empty for the default root
     */
    public static Optional<Path> runtimeDirRoot(Map<String, String> environment, long euid, boolean inUserNamespace) {
        String runtimeDir = environment.get("XDG_RUNTIME_DIR");
        if (runtimeDir == null || runtimeDir.isEmpty()) {
            return Optional.empty();
        }
        boolean honoured = euid != 0 || (inUserNamespace && !"root".equals(environment.get("USER")));
        return honoured ? Optional.of(Path.of(runtimeDir, "hako")) : Optional.empty();
    }

    /**
     * Whether cgroup permission errors are ignored, as runc's {@code --rootless} decides it: the flag when it is
     * {@code true} or {@code false} ({@code flag} null is {@code auto}); in auto, yes for a caller that is not root,
     * no for the host's root, and for root in a user namespace yes with cgroupfs (whether the cgroup is writable
     * cannot be known before trying) and no with {@code --systemd-cgroup} (runc asks the user's systemd for its
     * owner and takes root when it cannot; hako does not talk to a user's systemd, so takes what runc takes then).
     *
     * @param flag {@code --rootless}: true, false, or null for {@code auto}
     * @param euid the caller's effective uid, in its own user namespace
     * @param inUserNamespace whether the caller runs in a user namespace other than the initial one
     * @param systemdCgroup whether the cgroup is managed through systemd ({@code --systemd-cgroup})
     * @return whether cgroup permission errors are ignored ({@link CreateOptions#rootlessCgroups()})
     */
    public static boolean ignoresCgroupPermissionErrors(Boolean flag, long euid, boolean inUserNamespace,
            boolean systemdCgroup) {
        if (flag != null) {
            return flag;
        }
        if (euid != 0) {
            return true;
        }
        if (!inUserNamespace) {
            return false;
        }
        return !systemdCgroup;
    }
}
