package io.hako.cgroups.v2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.Cgroups;
import io.hako.cgroups.internal.CgroupPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Paths and driver selection, on layouts written out (this host's is not unified). */
class V2DriverTest {
    private static final CgroupLayout UNIFIED = new CgroupLayout(Map.of(), Path.of("/sys/fs/cgroup"));
    private static final CgroupLayout HYBRID = new CgroupLayout(Map.of("memory", Path.of("/sys/fs/cgroup/memory"),
            "name=systemd", Path.of("/sys/fs/cgroup/systemd")), Path.of("/sys/fs/cgroup/unified"));
    private static final CgroupLayout SYSTEMD_NAMED = new CgroupLayout(Map.of("name=systemd",
            Path.of("/sys/fs/cgroup/systemd")), Path.of("/sys/fs/cgroup/unified"));

    private final V2Driver driver = new V2Driver();

    @Test
    void itServesAUnifiedHostOnly() {
        assertTrue(driver.serves(UNIFIED));
        assertTrue(driver.serves(SYSTEMD_NAMED), "a named v1 hierarchy holds no controller");
        assertFalse(driver.serves(HYBRID));
        assertFalse(driver.serves(new CgroupLayout(Map.of("memory", Path.of("/sys/fs/cgroup/memory")), null)));
    }

    @Test
    void theServiceLoaderFindsItByNameAndPicksItForAUnifiedHost() throws Exception {
        assertInstanceOf(V2Driver.class, Cgroups.driver("cgroupfs-v2"));
        assertInstanceOf(V2Driver.class, Cgroups.select(UNIFIED, false));
        // This module's tests see no other driver: the v1 one serves a hybrid host where hako has both.
        assertThrows(CgroupException.class, () -> Cgroups.select(HYBRID, false));
    }

    @Test
    void theDefaultIsTheIdUnderTheRoot() throws Exception {
        var cgroup = (V2Cgroup) driver.forContainer(null, "c1", UNIFIED);
        assertEquals("/c1", cgroup.path());
        assertEquals("cgroupfs-v2", cgroup.driver());
        assertEquals(Path.of("/sys/fs/cgroup/c1"), cgroup.directory());
        assertEquals("/c1", driver.forContainer("", "c1", UNIFIED).path());
    }

    @Test
    void aPathIsTakenFromTheRootAbsoluteOrNot() throws Exception {
        assertEquals(Path.of("/sys/fs/cgroup/hako/c1"),
                ((V2Cgroup) driver.forContainer("/hako/c1", "x", UNIFIED)).directory());
        assertEquals("/hako/c1", driver.forContainer("hako/c1", "x", UNIFIED).path());
        assertEquals("/hako/c1", driver.forContainer("//hako/./c1/", "x", UNIFIED).path());
        assertEquals("/machine.slice/libpod-1.scope", driver.at("/machine.slice/libpod-1.scope", UNIFIED).path(),
                "a path with colons is no systemd path when it starts with /");
    }

    @Test
    void aSystemdPathIsRefusedWithAHint() {
        var e = assertThrows(CgroupException.class,
                () -> driver.forContainer("system.slice:hako:c1", "c1", UNIFIED));
        assertEquals("/linux/cgroupsPath: \"system.slice:hako:c1\" is a systemd path (slice:prefix:name); the "
                + "cgroupfs driver takes a path (use --systemd-cgroup for systemd)", e.getMessage());
    }

    @Test
    void dotDotAndTheRootAreRefused() {
        var dots = assertThrows(CgroupException.class, () -> driver.forContainer("/hako/../../etc", "c1", UNIFIED));
        assertEquals("cgroup /hako/../../etc: a cgroup path may not contain \"..\"", dots.getMessage());
        var root = assertThrows(CgroupException.class, () -> driver.forContainer("/./", "c1", UNIFIED));
        assertTrue(root.getMessage().endsWith("cannot be the root of the hierarchy"), root.getMessage());
    }

    @Test
    void aHostWithV1ControllersIsRefused() {
        var e = assertThrows(CgroupException.class, () -> driver.at("/c1", HYBRID));
        assertEquals("cgroup /c1: the cgroupfs-v2 driver needs a pure cgroup2 host, and this one has v1 controllers "
                + "[memory, name=systemd]", e.getMessage());
    }

    @Provide
    Arbitrary<List<String>> parts() {
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_', ':', '.')
                .ofMinLength(1).ofMaxLength(8), Arbitraries.of("", ".")).list().ofMaxSize(6);
    }

    @Property
    void normalisationDropsEmptyAndDotPartsAndIsIdempotent(@ForAll("parts") List<String> parts) throws Exception {
        List<String> kept = new ArrayList<>();
        for (String part : parts) {
            if (!part.isEmpty() && !part.equals(".")) {
                kept.add(part);
            }
        }
        String path = "/" + String.join("/", parts);
        if (kept.contains("..")) {
            assertThrows(CgroupException.class, () -> CgroupPaths.normalize(path));
        } else if (kept.isEmpty()) {
            assertThrows(CgroupException.class, () -> CgroupPaths.normalize(path));
        } else {
            String normal = CgroupPaths.normalize(path);
            assertEquals("/" + String.join("/", kept), normal);
            assertEquals(normal, CgroupPaths.normalize(normal));
            assertEquals(Path.of("/sys/fs/cgroup").resolve(normal.substring(1)).normalize(),
                    ((V2Cgroup) driver.at(path, UNIFIED)).directory(), "the directory stays under the root");
        }
    }
}
