package io.hako.container.internal;

import io.hako.oci.config.DeviceRule;
import io.hako.oci.config.Linux;
import io.hako.oci.config.Resources;
import java.util.ArrayList;
import java.util.List;

/**
 * The resources a container's cgroup gets: the configuration's, with the device rules completed as runc does
 * (engines rely on it): after the configuration's own rules come allow rules for the devices every container
 * needs (null, zero, full, random, urandom, tty, ptmx and the ptys, tun, and mknod of any device). The
 * configuration usually starts with "deny all"; these are then what is left open. A device of
 * {@code linux.devices} is made in the container but reachable only as the rules say: engines allow theirs in
 * {@code resources.devices}, and a config that denies it keeps it denied (runc does not open it either). A pure
 * function.
 */
final class CgroupResources {
    /** runc's default allowed devices. */
    static final List<DeviceRule> DEFAULT_ALLOWED = List.of(
            rule("c", null, null, "m"), rule("b", null, null, "m"),
            rule("c", 1L, 3L, "rwm"), rule("c", 1L, 8L, "rwm"), rule("c", 1L, 7L, "rwm"), rule("c", 5L, 0L, "rwm"),
            rule("c", 1L, 5L, "rwm"), rule("c", 1L, 9L, "rwm"), rule("c", 136L, null, "rwm"),
            rule("c", 5L, 2L, "rwm"), rule("c", 10L, 200L, "rwm"));

    private CgroupResources() {}

    static Resources of(Linux linux) {
        Resources asked = linux == null ? null : linux.resources();
        if (asked == null) {
            asked = new Resources(null, null, null, null, null, null, null, null, null, null);
        }
        if (asked.devices() == null || asked.devices().isEmpty()) {
            return asked; // no rules: the devices controller is left as it is
        }
        List<DeviceRule> rules = new ArrayList<>();
        for (DeviceRule rule : asked.devices()) {
            String access = rights(rule.access());
            if (access == null || !access.isEmpty()) {
                rules.add(new DeviceRule(rule.allow(), rule.type(), rule.major(), rule.minor(), access,
                        rule.unknown()));
            } // a rule that names no right changes nothing
        }
        rules.addAll(DEFAULT_ALLOWED);
        return new Resources(rules, asked.memory(), asked.cpu(), asked.pids(), asked.blockIO(),
                asked.hugepageLimits(), asked.network(), asked.rdma(), asked.unified(), asked.unknown());
    }

    /**
     * A rule's access as runc reads it: the rights it names, r, w and m, in that order; any other letter is none
     * ("rwa" is "rw"). Absent or empty stays so (every right).
     */
    static String rights(String access) {
        if (access == null || access.isEmpty()) {
            return access;
        }
        StringBuilder rights = new StringBuilder();
        for (char right : new char[] {'r', 'w', 'm'}) {
            if (access.indexOf(right) >= 0) {
                rights.append(right);
            }
        }
        return rights.toString();
    }

    private static DeviceRule rule(String type, Long major, Long minor, String access) {
        return new DeviceRule(true, type, major, minor, access, null);
    }
}
