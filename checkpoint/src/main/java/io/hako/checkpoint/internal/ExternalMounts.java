package io.hako.checkpoint.internal;

import io.hako.oci.config.Device;
import io.hako.oci.config.Linux;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Spec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The mounts of a container's mount namespace that CRIU cannot make by itself, because their source is outside
 * it: bind mounts, device nodes bound from the host, masked files (the null device bound over them). A dump names
 * each by its mount point with a key; a restore maps each key to what to bind there now. Pure: a function of the
 * configuration (and, on dump, of which masked paths are files in the container).
 */
public final class ExternalMounts {
    /** The devices every container has (runtime-spec config-linux.md), bound or made by the stage. */
    static final List<String> DEFAULT_DEVICES = List.of("/dev/null", "/dev/zero", "/dev/full", "/dev/random",
            "/dev/urandom", "/dev/tty");
    /** What a masked file is bound from: its key on dump, its source on restore. */
    static final String NULL_DEVICE = "/dev/null";

    private ExternalMounts() {}

    /**
     * On dump: mount point to key. A bind mount and a device are keyed by their mount point, a masked file by
     * {@code /dev/null}.
     *
     * @param spec the container's configuration
     * @param isFileInContainer whether a masked path is a file (not a directory, not missing) in the container
     * @return mount point to key, in the configuration's order
     */
    public static Map<String, String> forDump(Spec spec, Predicate<String> isFileInContainer) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Mount mount : orEmpty(spec.mounts())) {
            if (isBind(mount)) {
                String destination = clean(mount.destination());
                mounts.put(destination, destination);
            }
        }
        Linux linux = spec.linux();
        if (linux != null) {
            for (String masked : orEmpty(linux.maskedPaths())) {
                if (isFileInContainer.test(clean(masked))) {
                    mounts.put(clean(masked), NULL_DEVICE);
                }
            }
        }
        for (String device : devices(spec)) {
            mounts.put(device, device);
        }
        return mounts;
    }

    /**
     * On restore: key to what to bind. A bind mount's source (relative ones against the bundle), the host's device
     * for a device, the host's null device for masked files.
     *
     * @param spec the configuration of the container restored
     * @param bundle the bundle, against which relative sources are resolved
     * @return key to source, in the configuration's order
     */
    public static Map<String, String> forRestore(Spec spec, Path bundle) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Mount mount : orEmpty(spec.mounts())) {
            if (isBind(mount) && mount.source() != null) {
                mounts.put(clean(mount.destination()), bundle.resolve(mount.source()).normalize().toString());
            }
        }
        Linux linux = spec.linux();
        if (linux != null && !orEmpty(linux.maskedPaths()).isEmpty()) {
            mounts.put(NULL_DEVICE, NULL_DEVICE);
        }
        for (String device : devices(spec)) {
            mounts.put(device, device);
        }
        return mounts;
    }

    /** Whether a configured mount is a bind mount (its type, or runc's options). */
    static boolean isBind(Mount mount) {
        if ("bind".equals(mount.type())) {
            return true;
        }
        List<String> options = orEmpty(mount.options());
        return options.contains("bind") || options.contains("rbind");
    }

    /** The default devices and the configuration's, each once. */
    private static List<String> devices(Spec spec) {
        var devices = new java.util.LinkedHashSet<>(DEFAULT_DEVICES);
        if (spec.linux() != null) {
            for (Device device : orEmpty(spec.linux().devices())) {
                devices.add(clean(device.path()));
            }
        }
        return List.copyOf(devices);
    }

    /** A path inside the container as CRIU names mount points: absolute, normalised, no trailing slash. */
    static String clean(String path) {
        return Path.of("/").resolve(path).normalize().toString();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
