package io.hako.cgroups.systemd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cgroups.CgroupException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class UnitPathTest {
    @Test
    void aScopeInItsSlice() throws CgroupException {
        UnitPath path = UnitPath.parse("machine.slice:hako:c1", "ignored");
        assertEquals("hako-c1.scope", path.unit());
        assertEquals("/machine.slice/hako-c1.scope", path.cgroup());
        assertEquals("machine.slice:hako:c1", path.toString());
        assertEquals(path, UnitPath.parse(path.toString(), null), "toString is what parse reads");
    }

    @Test
    void defaultsAreRuncsWithHakosPrefix() throws CgroupException {
        assertEquals("system.slice:hako:c1", UnitPath.parse(null, "c1").toString());
        assertEquals("/system.slice/hako-c1.scope", UnitPath.parse("", "c1").cgroup());
        assertEquals("/system.slice/c1.scope", UnitPath.parse("::c1", "x").cgroup(), "empty slice and prefix");
        assertEquals("/user.slice/user-1000.slice/p-c.scope",
                UnitPath.parse("user-1000.slice:p:c", "x").cgroup(), "a slice's dashes are levels");
        assertEquals("/c.scope", UnitPath.parse("-.slice::c", "x").cgroup(), "the root slice");
    }

    @Test
    void aContainerMayBeASliceUnderItsParent() throws CgroupException {
        UnitPath path = UnitPath.parse("machine.slice:ignored:machine-c1.slice", "x");
        assertTrue(path.isSlice());
        assertEquals("machine-c1.slice", path.unit());
        assertEquals("/machine.slice/machine-c1.slice", path.cgroup());
        var e = assertThrows(CgroupException.class, () -> UnitPath.parse("system.slice::machine-c1.slice", "x"));
        assertTrue(e.getMessage().contains("not a child of \"system.slice\""), e.getMessage());
    }

    @Test
    void badPathsNameTheFieldAndTheReason() {
        for (String bad : List.of("/hako/c1", "a:b", "a:b:c:d", "system:p:c", "sys--tem.slice:p:c",
                "-system.slice:p:c", "system.slice:p:", "system.slice:p:c/d", "system.slice:p:c+d")) {
            var e = assertThrows(CgroupException.class, () -> UnitPath.parse(bad, "x"), bad);
            assertTrue(e.getMessage().startsWith("/linux/cgroupsPath"), e.getMessage());
        }
        var e = assertThrows(CgroupException.class, () -> UnitPath.parse(null, "a+b"));
        assertEquals("container id: unit name \"hako-a+b.scope\" has '+', which systemd does not allow in unit "
                + "names", e.getMessage());
    }

    @Test
    void expandSliceMakesALevelForEachDash() {
        assertEquals("/a.slice/a-b.slice/a-b-c.slice", UnitPath.expandSlice("a-b-c.slice"));
        assertEquals("/system.slice", UnitPath.expandSlice("system.slice"));
        assertEquals("/", UnitPath.expandSlice("-.slice"));
        for (String bad : List.of("a", "a-.slice", ".slice", "a--b.slice", "a/b.slice")) {
            assertThrows(IllegalArgumentException.class, () -> UnitPath.expandSlice(bad), bad);
        }
    }

    @Property
    void everyLevelOfAnExpandedSliceIsAPrefixOfTheNext(
            @ForAll @Size(min = 1, max = 5) List<@AlphaChars @NumericChars @StringLength(min = 1, max = 6) String> parts) {
        String slice = String.join("-", parts) + ".slice";
        String path = UnitPath.expandSlice(slice);
        String[] levels = path.substring(1).split("/");
        assertEquals(parts.size(), levels.length);
        assertEquals(slice, levels[levels.length - 1]);
        for (int i = 1; i < levels.length; i++) {
            String stem = levels[i - 1].substring(0, levels[i - 1].length() - ".slice".length());
            assertTrue(levels[i].startsWith(stem + "-"), path);
        }
    }
}
