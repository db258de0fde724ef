package io.hako.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.UnknownFields;
import io.hako.oci.config.Namespace;
import io.hako.oci.config.NamespaceType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class NamespacePlanTest {
    @Test
    void joinsComeUserFirstAndMountLate() {
        var plan = NamespacePlan.of(List.of(
                new Namespace(NamespaceType.MOUNT, "/proc/1/ns/mnt", UnknownFields.NONE),
                new Namespace(NamespaceType.NETWORK, "/var/run/netns/x", UnknownFields.NONE),
                new Namespace(NamespaceType.USER, "/proc/1/ns/user", UnknownFields.NONE),
                new Namespace(NamespaceType.PID)));
        assertEquals(List.of(NamespaceType.USER, NamespaceType.NETWORK, NamespaceType.MOUNT),
                plan.joins().stream().map(NamespacePlan.Join::type).toList());
        assertEquals(Set.of(NamespaceType.PID), plan.creates());
        assertFalse(plan.createsUser());
        assertTrue(plan.has(NamespaceType.NETWORK));
        assertFalse(plan.has(NamespaceType.UTS));
    }

    @Test
    void theCgroupNamespaceIsLeftForTheInit() {
        var plan = NamespacePlan.of(List.of(new Namespace(NamespaceType.USER), new Namespace(NamespaceType.CGROUP),
                new Namespace(NamespaceType.PID), new Namespace(NamespaceType.TIME)));
        assertTrue(plan.createsUser());
        assertEquals(0x20000000 | 0x00000080, plan.unshareFlagsAfterUser());
    }

    @Test
    void noNamespacesMeansSharingAll() {
        var plan = NamespacePlan.of(null);
        assertEquals(List.of(), plan.joins());
        assertEquals(Set.of(), plan.creates());
        assertEquals(0, plan.unshareFlagsAfterUser());
    }

    @Property
    void everyListedKindIsJoinedOrCreatedOnceInKernelOrder(@ForAll("namespaceLists") List<Namespace> namespaces) {
        var plan = NamespacePlan.of(namespaces);
        Set<NamespaceType> seen = EnumSet.noneOf(NamespaceType.class);
        int last = -1;
        for (var join : plan.joins()) {
            int position = Kinds.JOIN_ORDER.indexOf(join.type());
            assertTrue(position > last, "joins in kernel order: " + plan.joins());
            last = position;
            assertTrue(seen.add(join.type()));
        }
        for (NamespaceType type : plan.creates()) {
            assertTrue(seen.add(type), "a kind is joined or created, not both");
        }
        assertEquals(namespaces.size(), seen.size());
        int flags = plan.unshareFlagsAfterUser();
        for (NamespaceType type : NamespaceType.values()) {
            boolean expected = plan.creates().contains(type) && type != NamespaceType.USER
                    && type != NamespaceType.CGROUP;
            assertEquals(expected, (flags & Kinds.cloneFlag(type)) != 0, type.toString());
        }
    }

    @Provide
    Arbitrary<List<Namespace>> namespaceLists() {
        Arbitrary<Namespace> one = Arbitraries.of(NamespaceType.values()).flatMap(type -> Arbitraries.of(true, false)
                .map(join -> join
                        ? new Namespace(type, "/proc/1/ns/" + Kinds.procName(type), UnknownFields.NONE)
                        : new Namespace(type)));
        return one.list().ofMaxSize(NamespaceType.values().length).uniqueElements(Namespace::type);
    }

    @Test
    void cloneFlagsAreDistinct() {
        int all = 0;
        for (NamespaceType type : NamespaceType.values()) {
            assertEquals(0, all & Kinds.cloneFlag(type), type.toString());
            all |= Kinds.cloneFlag(type);
        }
    }
}
