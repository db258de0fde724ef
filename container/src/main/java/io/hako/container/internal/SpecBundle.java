package io.hako.container.internal;

import static io.hako.container.internal.Lifecycle.failed;

import io.hako.container.ContainerException;
import io.hako.container.internal.plan.MountOptions;
import io.hako.oci.OciJson;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Root;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A spec given in memory, made a bundle of hako's own: its relative paths made absolute, so that the bundle hako
 * writes ({@code config.json} beside the container's state, removed with it) means what the caller meant wherever
 * it lives. Hooks and engines that read the state's {@code bundle} find that {@code config.json} there.
 */
final class SpecBundle {
    /** The bundle's directory in the container's state directory. */
    static final String DIRECTORY = "bundle";
    /** How messages name a spec given in memory, where a bundle's would name its {@code config.json}. */
    static final String LABEL = "spec";

    private SpecBundle() {}

    /**
     * {@code spec} with {@code root.path} and the sources of bind mounts resolved against {@code relativeTo}, the
     * directory the caller's relative paths are relative to; null for none, where a relative one is refused.
     */
    static Spec absolute(String id, Spec spec, Path relativeTo) throws ContainerException {
        Path base = relativeTo == null ? null : relativeTo.toAbsolutePath().normalize();
        Root root = spec.root();
        if (root != null) {
            root = new Root(resolve(id, base, root.path(), "/root/path"), root.readonly(), root.unknown());
        }
        List<Mount> mounts = null;
        if (spec.mounts() != null) {
            mounts = new ArrayList<>();
            for (int i = 0; i < spec.mounts().size(); i++) {
                Mount mount = spec.mounts().get(i);
                if (mount.source() != null && MountOptions.isBindMount(mount)) {
                    mount = new Mount(mount.destination(), mount.type(),
                            resolve(id, base, mount.source(), "/mounts/" + i + "/source"), mount.options(),
                            mount.uidMappings(), mount.gidMappings(), mount.unknown());
                }
                mounts.add(mount);
            }
        }
        return spec.withRoot(root).withMounts(mounts);
    }

    private static String resolve(String id, Path base, String path, String pointer) throws ContainerException {
        if (Path.of(path).isAbsolute()) {
            return path;
        }
        if (base == null) {
            throw failed(id, LABEL + ": " + pointer + ": \"" + path
                    + "\" is relative, and no directory was given for it to be relative to");
        }
        return base.resolve(path).normalize().toString();
    }

    /** Writes {@code spec} as {@code config.json} in {@code bundle}, made here. */
    static void write(Path bundle, Spec spec) throws IOException {
        Files.createDirectory(bundle);
        Files.write(bundle.resolve("config.json"), OciJson.write(spec, true));
    }
}
