package io.hako.cli.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.oci.config.Device;
import io.hako.oci.config.DeviceRule;
import io.hako.oci.config.Resources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device nodes and the device cgroup, as runc makes them. */
class DevicesIT {
    @TempDir
    Path dir;
    SideBySide both;

    @BeforeEach
    void runtimes() {
        both = SideBySide.in(dir);
    }

    @Test
    void aDeviceTheConfigMakesIsStillDeniedWhenTheRulesDenyIt() throws IOException {
        // hako spec's rules deny all devices; /dev/kmsg is made, never allowed. Opening it must be refused.
        String script = "ls -l /dev/kmsg | cut -c1; (: > /dev/kmsg) 2>/dev/null && echo opened || echo denied";
        Path bundle = BusyboxBundle.make(dir, script, spec -> spec.withLinux(spec.linux().withDevices(List.of(
                new Device("c", "/dev/kmsg", 1L, 11L, 0666, 0L, 0L, null)))));
        assertEquals("c\ndenied\n", both.run(bundle, "kmsg").bothSucceedAlike());
    }

    @Test
    void accessLettersOtherThanRwmAreNoRightAsRuncReadsThem() throws IOException {
        // "rwa" is read and write; /dev/full (1:7) is allowed anyway by the defaults, /dev/kmsg (1:11) only so.
        String script = "(: > /dev/kmsg) 2>/dev/null && echo opened || echo denied";
        Path bundle = BusyboxBundle.make(dir, script, spec -> {
            var resources = spec.linux().resources();
            List<DeviceRule> rules = new java.util.ArrayList<>(resources.devices());
            rules.add(new DeviceRule(true, "c", 1L, 11L, "rwa", null));
            return spec.withLinux(spec.linux().withDevices(List.of(new Device("c", "/dev/kmsg", 1L, 11L, 0666, 0L,
                    0L, null))).withResources(new Resources(rules, null, null, null, null, null, null, null, null,
                    null)));
        });
        assertEquals("opened\n", both.run(bundle, "rwa").bothSucceedAlike());
    }
}
