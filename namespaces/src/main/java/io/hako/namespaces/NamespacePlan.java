package io.hako.namespaces;

import io.hako.oci.config.Namespace;
import io.hako.oci.config.NamespaceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which namespaces a container joins and which it creates, in the order the kernel needs: every join first
 * (user first among them, see {@link Kinds#JOIN_ORDER}), then a new user namespace (whose id maps must be
 * written before anything else is created, so that what follows belongs to it), then the other new ones.
 * Kinds the spec does not list are shared with the runtime.
 *
 * @param joins the namespaces to enter by path, in order
 * @param creates the namespaces to create
 */
public record NamespacePlan(List<Join> joins, Set<NamespaceType> creates) {
    /**
     * A namespace entered through a namespace file.
     *
     * @param type its kind
     * @param path the namespace file, absolute ({@code /proc/<pid>/ns/net} or a bind mount of one)
     */
    public record Join(NamespaceType type, String path) {}

    /**
     * Keeps copies of the collections; {@code joins} keeps its order.
     *
     * @param joins the namespaces to enter by path, in order
     * @param creates the namespaces to create
     */
    public NamespacePlan {
        joins = List.copyOf(joins);
        creates = creates.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(creates));
    }

    /**
     * {@return the plan for a spec's {@code linux.namespaces}: an entry with a path is joined, one without is
     * created}
     *
     * @param namespaces the spec's list, already validated (no kind twice, absolute paths); null for none
     */
    public static NamespacePlan of(List<Namespace> namespaces) {
        List<Join> joins = new ArrayList<>();
        Set<NamespaceType> creates = EnumSet.noneOf(NamespaceType.class);
        if (namespaces != null) {
            for (Namespace ns : namespaces) {
                if (ns.path() == null || ns.path().isEmpty()) {
                    creates.add(ns.type());
                } else {
                    joins.add(new Join(ns.type(), ns.path()));
                }
            }
        }
        joins.sort(Comparator.comparingInt(join -> Kinds.JOIN_ORDER.indexOf(join.type())));
        return new NamespacePlan(joins, creates);
    }

    /** {@return whether a new user namespace is created, so that id maps are to be written} */
    public boolean createsUser() {
        return creates.contains(NamespaceType.USER);
    }

    /**
     * {@return whether the container has a namespace of this kind of its own, created or joined, rather than
     * the runtime's}
     *
     * @param type the kind of namespace
     */
    public boolean has(NamespaceType type) {
        return creates.contains(type) || joins.stream().anyMatch(join -> join.type() == type);
    }

    /**
     * The {@code CLONE_NEW*} flags of the namespaces created after the user namespace, except the cgroup
     * namespace: that one is created by the init once it sits in its cgroup, so the cgroup is its root.
     *
     * @return the flags, or-ed; 0 when there are none
     */
    public int unshareFlagsAfterUser() {
        int flags = 0;
        for (NamespaceType type : creates) {
            if (type != NamespaceType.USER && type != NamespaceType.CGROUP) {
                flags |= Kinds.cloneFlag(type);
            }
        }
        return flags;
    }
}
