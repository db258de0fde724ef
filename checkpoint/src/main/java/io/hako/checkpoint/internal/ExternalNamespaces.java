package io.hako.checkpoint.internal;

import io.hako.oci.config.Namespace;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The namespaces a container joins by path (a pod's network namespace, a sandbox's IPC and UTS), which CRIU must
 * neither dump nor make anew: their owner (the engine) keeps them. As runc does (libcontainer's criu handling of
 * external namespaces): the network and PID namespaces are declared external on dump ({@code net[<inode>]:<key>})
 * and handed back on restore as an inherited descriptor of the namespace file under the same key; the others are
 * joined by CRIU on restore ({@code join_ns}); a cgroup namespace by path CRIU cannot restore into, and is refused.
 * Pure: a function of the configuration (and, on dump, of the namespace files' inodes).
 */
public final class ExternalNamespaces {
    private ExternalNamespaces() {}

    /**
     * A namespace file whose descriptor CRIU inherits on restore, under {@code key}.
     *
     * @param key the key the dump declared it under
     * @param path the namespace file
     */
    public record Inherited(String key, String path) {}

    /**
     * A namespace CRIU joins on restore.
     *
     * @param name CRIU's name of its type ({@code ipc}, {@code uts}, ...)
     * @param path the namespace file
     */
    public record Joined(String name, String path) {}

    /**
     * What a restore asks of CRIU for the namespaces joined by path.
     *
     * @param inherited the external ones, whose files are opened and given to CRIU
     * @param joined the ones CRIU joins itself
     */
    public record ForRestore(List<Inherited> inherited, List<Joined> joined) {
        /** Copies the lists. */
        public ForRestore {
            inherited = List.copyOf(inherited);
            joined = List.copyOf(joined);
        }
    }

    /**
     * On dump: CRIU's {@code external} entries for the network and PID namespaces joined by path.
     *
     * @param spec the container's configuration
     * @param inode the inode of a namespace file (what CRIU knows the namespace by)
     * @return the entries, {@code net[4026532008]:extRootNetNS} and the like, in the configuration's order
     */
    public static List<String> forDump(Spec spec, ToLongFunction<String> inode) {
        List<String> external = new ArrayList<>();
        for (Namespace namespace : joined(spec)) {
            if (isExternal(namespace.type())) {
                external.add(criuName(namespace.type()) + "[" + inode.applyAsLong(namespace.path()) + "]:"
                        + key(namespace.type()));
            }
        }
        return external;
    }

    /**
     * On restore: the external namespaces' files for CRIU to inherit, and the others for it to join.
     *
     * @param spec the configuration restored into
     * @return what to ask
     * @throws IllegalArgumentException for a cgroup namespace joined by path, naming it
     */
    public static ForRestore forRestore(Spec spec) {
        List<Inherited> inherited = new ArrayList<>();
        List<Joined> joined = new ArrayList<>();
        for (Namespace namespace : joined(spec)) {
            if (isExternal(namespace.type())) {
                inherited.add(new Inherited(key(namespace.type()), namespace.path()));
            } else if (namespace.type() == NamespaceType.CGROUP) {
                throw new IllegalArgumentException("the cgroup namespace at " + namespace.path()
                        + ": CRIU cannot restore into a cgroup namespace that is joined");
            } else {
                joined.add(new Joined(criuName(namespace.type()), namespace.path()));
            }
        }
        return new ForRestore(inherited, joined);
    }

    /** The key of an external namespace, as runc names it: {@code extRootNetNS}, {@code extRootPidNS}. */
    static String key(NamespaceType type) {
        String name = criuName(type);
        return "extRoot" + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "NS";
    }

    /** The namespaces CRIU keeps out of the images and gets back as a descriptor. */
    private static boolean isExternal(NamespaceType type) {
        return type == NamespaceType.NETWORK || type == NamespaceType.PID;
    }

    /** The kernel's (and CRIU's) short name of a namespace type: {@code net}, {@code mnt}, ... */
    static String criuName(NamespaceType type) {
        return switch (type) {
            case NETWORK -> "net";
            case MOUNT -> "mnt";
            default -> type.toString();
        };
    }

    private static List<Namespace> joined(Spec spec) {
        if (spec.linux() == null || spec.linux().namespaces() == null) {
            return List.of();
        }
        return spec.linux().namespaces().stream()
                .filter(namespace -> namespace.path() != null && !namespace.path().isEmpty()).toList();
    }
}
