package io.hako.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Which driver is chosen, among drivers written out here: this module alone has none. */
class CgroupsTest {
    private static final CgroupLayout HYBRID = new CgroupLayout(Map.of("memory", Path.of("/sys/fs/cgroup/memory")),
            Path.of("/sys/fs/cgroup/unified"));

    /** A driver that serves a layout when {@code hybrid} says so for a hybrid one; it makes no cgroup. */
    private record Driver(String name, int priority, boolean isSystemd, boolean hybrid) implements CgroupDriver {
        @Override
        public boolean serves(CgroupLayout layout) {
            return hybrid == layout.hasV1();
        }

        @Override
        public Cgroup forContainer(String cgroupsPath, String containerId, CgroupLayout layout) {
            throw new UnsupportedOperationException(name + " makes no cgroup");
        }

        @Override
        public Cgroup at(String path, CgroupLayout layout) {
            throw new UnsupportedOperationException(name + " makes no cgroup");
        }
    }

    private static final Driver V2 = new Driver("cgroupfs-v2", 300, false, false);
    private static final Driver V1 = new Driver("cgroupfs-v1", 200, false, true);
    private static final Driver SYSTEMD = new Driver("systemd", 100, true, true);
    private static final Driver PLUGIN = new Driver("a-plugin", 0, false, true);
    private static final Driver PLUGIN_AT_200 = new Driver("cgroupfs-a", 200, false, true);
    private static final Driver OVERRIDE = new Driver("z-override", 250, false, true);

    @Provide
    Arbitrary<List<CgroupDriver>> loadOrders() {
        return Arbitraries.shuffle(List.<CgroupDriver>of(V2, V1, SYSTEMD, PLUGIN, PLUGIN_AT_200, OVERRIDE));
    }

    @Property
    void driversComeByPriorityThenNameWhateverOrderTheyAreFoundIn(@ForAll("loadOrders") List<CgroupDriver> found) {
        assertEquals(List.of(V2, OVERRIDE, PLUGIN_AT_200, V1, SYSTEMD, PLUGIN), Cgroups.ordered(found));
    }

    @Test
    void theHighestPriorityThatServesIsChosen() throws CgroupException {
        assertSame(V1, Cgroups.select(Cgroups.ordered(List.of(PLUGIN, V1, V2, SYSTEMD)), HYBRID, false));
        assertSame(OVERRIDE, Cgroups.select(Cgroups.ordered(List.of(V1, OVERRIDE, SYSTEMD)), HYBRID, false));
        assertSame(PLUGIN, Cgroups.select(Cgroups.ordered(List.of(PLUGIN, V2)), HYBRID, false));
    }

    @Test
    void aSystemdDriverIsChosenOnlyWhenAskedForAndOnlyOneIs() throws CgroupException {
        List<CgroupDriver> drivers = Cgroups.ordered(List.of(SYSTEMD, V1, V2));
        assertSame(SYSTEMD, Cgroups.select(drivers, HYBRID, true));
        assertSame(V1, Cgroups.select(drivers, HYBRID, false));
        CgroupException none = assertThrows(CgroupException.class,
                () -> Cgroups.select(Cgroups.ordered(List.of(V1, V2)), HYBRID, true));
        assertEquals("no systemd cgroup driver (--systemd-cgroup) serves this host's cgroup layout (v1 controllers: "
                + "[memory], cgroup2: /sys/fs/cgroup/unified; drivers: [cgroupfs-v2, cgroupfs-v1])", none.getMessage());
    }

    @Test
    void theApiAloneHasNoDriver() {
        assertEquals(List.of(), Cgroups.drivers());
        CgroupException none = assertThrows(CgroupException.class, () -> Cgroups.select(HYBRID, false));
        assertTrue(none.getMessage().endsWith("drivers: [])"), none.getMessage());
        CgroupException named = assertThrows(CgroupException.class, () -> Cgroups.driver("cgroupfs-v1"));
        assertEquals("no cgroup driver named \"cgroupfs-v1\" in this build: it has none", named.getMessage());
    }
}
