package io.hako.container.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hako.oci.DefaultSpec;
import io.hako.oci.config.Device;
import io.hako.oci.config.DeviceRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupResourcesTest {
    @Test
    void afterTheConfigsRulesComeTheDevicesEveryContainerNeedsButNotThoseTheConfigMakes() {
        var linux = DefaultSpec.create().linux().withDevices(List.of(
                new Device("c", "/dev/fuse", 10L, 229L, 0666, null, null, null),
                new Device("p", "/dev/fifo", 8L, 666L, 0666, null, null, null),
                new Device("u", "/dev/raw", 162L, 0L, 0666, null, null, null)));
        List<DeviceRule> rules = CgroupResources.of(linux).devices();
        List<DeviceRule> expected = new ArrayList<>(DefaultSpec.create().linux().resources().devices());
        expected.addAll(CgroupResources.DEFAULT_ALLOWED);
        // A device the config makes is not opened by that: with "deny all" first, /dev/fuse stays denied (runc).
        assertEquals(expected, rules);
        assertEquals(false, rules.getFirst().allow(), "runc's default spec begins by denying all");
    }

    @Test
    void withoutRulesTheDevicesControllerIsLeftAlone() {
        var linux = DefaultSpec.create().linux().withResources(null);
        assertNull(CgroupResources.of(linux).devices());
    }

    @Test
    void accessIsReadAsRuncReadsIt() {
        assertEquals("rw", CgroupResources.rights("rwa"));
        assertEquals("rwm", CgroupResources.rights("mwr"));
        assertEquals("", CgroupResources.rights("a"));
        assertNull(CgroupResources.rights(null));
        var linux = DefaultSpec.create().linux().withResources(new io.hako.oci.config.Resources(List.of(
                new DeviceRule(false, "a", null, null, "rwm", null), new DeviceRule(true, "c", 1L, 3L, "rwa", null),
                new DeviceRule(true, "c", 1L, 5L, "x", null)), null, null, null, null, null, null, null, null, null));
        List<DeviceRule> rules = CgroupResources.of(linux).devices();
        assertEquals(new DeviceRule(true, "c", 1L, 3L, "rw", null), rules.get(1));
        assertEquals(CgroupResources.DEFAULT_ALLOWED.getFirst(), rules.get(2), "the rule naming no right is gone");
    }
}
