package io.hako.cgroups.systemd.internal;

import io.hako.cgroups.CgroupException;
import io.hako.cgroups.systemd.internal.dbus.Variant;
import io.hako.cgroups.v2.internal.V2Settings;
import io.hako.oci.config.Cpu;
import io.hako.oci.config.DeviceRule;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Resources;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The systemd unit properties for {@code linux.resources}, as runc sets them: systemd writes these to the
 * cgroup itself, and would write its own values back over hako's files on a daemon reload if they were not set.
 * Only what systemd has a property for is here; the files get everything (see {@code SystemdCgroup#apply}).
 * Pure, given the host's device names ({@code /proc/devices}).
 */
public final class UnitProperties {
    /** systemd's "infinity" for a limit ({@code USEC_INFINITY}, {@code CGROUP_LIMIT_MAX}): all ones. */
    static final long INFINITY = -1L;
    /** systemd's CPU quota is in steps of 1% of a CPU: 10 ms a second. */
    private static final long QUOTA_STEP_USEC = 10_000;
    /** The first systemd that takes {@code CPUQuotaPeriodUSec}. */
    static final int PERIOD_SINCE = 242;
    /** The first systemd that takes {@code AllowedCPUs} and {@code AllowedMemoryNodes}. */
    static final int CPUSET_SINCE = 244;

    /** One property: a name and its typed value, as {@code a(sv)} carries it. */
    public record Property(String name, Variant value) {
        static Property of(String name, String signature, Object value) {
            return new Property(name, new Variant(signature, value));
        }

        /** The {@code (sv)} struct on the wire. */
        public List<Object> wire() {
            return List.of(name, value);
        }
    }

    private UnitProperties() {}

    /**
     * The properties for {@code resources} on a host that is {@code unified} (cgroup v2) or not, under systemd
     * {@code version}. {@code majorName} gives the group name {@code /proc/devices} lists for a device type
     * ('c' or 'b') and major number, for rules on every minor of a major.
     */
    public static List<Property> of(Resources resources, boolean unified, int version,
            BiFunction<Character, Long, Optional<String>> majorName) throws CgroupException {
        List<Property> properties = new ArrayList<>();
        if (resources == null) {
            return properties;
        }
        memory(resources.memory(), unified, properties);
        cpu(resources.cpu(), unified, version, properties);
        if (resources.pids() != null && resources.pids().limit() != 0) {
            properties.add(Property.of("TasksMax", "t", resources.pids().limit() < 0 ? INFINITY
                    : resources.pids().limit()));
        }
        if (!unified && resources.blockIO() != null && resources.blockIO().weight() != null
                && resources.blockIO().weight() != 0) {
            properties.add(Property.of("BlockIOWeight", "t", (long) resources.blockIO().weight()));
        }
        if (unified) {
            unifiedKeys(resources.unified(), version, properties);
        }
        properties.addAll(devices(resources.devices(), majorName));
        return properties;
    }

    private static void memory(Memory memory, boolean unified, List<Property> properties) throws CgroupException {
        if (memory == null) {
            return;
        }
        if (memory.limit() != null && memory.limit() != 0) {
            properties.add(Property.of(unified ? "MemoryMax" : "MemoryLimit", "t",
                    memory.limit() < 0 ? INFINITY : memory.limit()));
        }
        if (unified) {
            if (memory.reservation() != null && memory.reservation() != 0) {
                properties.add(Property.of("MemoryLow", "t", memory.reservation() < 0 ? INFINITY
                        : memory.reservation()));
            }
            String swap = V2Settings.swapMax(memory.swap(), memory.limit());
            if (swap != null) {
                properties.add(Property.of("MemorySwapMax", "t", limit(swap)));
            }
        }
    }

    private static void cpu(Cpu cpu, boolean unified, int version, List<Property> properties)
            throws CgroupException {
        if (cpu == null) {
            return;
        }
        if (cpu.shares() != null && cpu.shares() != 0) {
            properties.add(unified ? Property.of("CPUWeight", "t", V2Settings.cpuWeight(cpu.shares()))
                    : Property.of("CPUShares", "t", cpu.shares()));
        }
        long quota = cpu.quota() == null ? 0 : cpu.quota();
        long period = cpu.period() == null ? 0 : cpu.period();
        quota(quota, period, version, properties);
        if (version >= CPUSET_SINCE) {
            if (cpu.cpus() != null && !cpu.cpus().isEmpty()) {
                properties.add(Property.of("AllowedCPUs", "ay", bitmask(cpu.cpus(), "/linux/resources/cpu/cpus")));
            }
            if (cpu.mems() != null && !cpu.mems().isEmpty()) {
                properties.add(Property.of("AllowedMemoryNodes", "ay",
                        bitmask(cpu.mems(), "/linux/resources/cpu/mems")));
            }
        }
    }

    /**
     * {@code CPUQuotaPerSecUSec}: the quota per second of time, rounded up to systemd's 1% steps (as runc does:
     * systemd would round the value it writes anyway); a period alone lifts the quota. A negative quota is none.
     */
    private static void quota(long quota, long period, int version, List<Property> properties) {
        if (quota == 0 && period == 0) {
            return;
        }
        if (period != 0 && version >= PERIOD_SINCE) {
            properties.add(Property.of("CPUQuotaPeriodUSec", "t", period));
        }
        properties.add(Property.of("CPUQuotaPerSecUSec", "t", quotaPerSecond(quota, period)));
    }

    /** The quota per second for a quota and period in microseconds; {@link #INFINITY} for no quota. */
    static long quotaPerSecond(long quota, long period) {
        if (quota <= 0) {
            return INFINITY;
        }
        long perSecond;
        try {
            perSecond = Math.multiplyExact(quota, 1_000_000L) / (period == 0 ? 100_000 : period);
        } catch (ArithmeticException e) {
            return INFINITY; // a quota of over 290 000 years a period is none
        }
        if (perSecond % QUOTA_STEP_USEC != 0) {
            perSecond = (perSecond / QUOTA_STEP_USEC + 1) * QUOTA_STEP_USEC;
        }
        return perSecond;
    }

    /** {@code cpu.weight} etc. of {@code linux.resources.unified} that systemd has properties for. */
    private static void unifiedKeys(Map<String, String> unified, int version, List<Property> properties)
            throws CgroupException {
        if (unified == null) {
            return;
        }
        for (Map.Entry<String, String> entry : unified.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue().strip();
            String field = "/linux/resources/unified/" + key;
            switch (key) {
                case "cpu.weight" -> properties.add(Property.of("CPUWeight", "t", number(value, field)));
                case "cpu.max" -> {
                    String[] parts = value.split("\\s+");
                    long period = parts.length > 1 ? number(parts[1], field) : 0;
                    long quota = parts[0].equals("max") ? -1 : number(parts[0], field);
                    quota(quota, period, version, properties);
                }
                case "memory.min" -> properties.add(Property.of("MemoryMin", "t", limit(value, field)));
                case "memory.low" -> properties.add(Property.of("MemoryLow", "t", limit(value, field)));
                case "memory.high" -> properties.add(Property.of("MemoryHigh", "t", limit(value, field)));
                case "memory.max" -> properties.add(Property.of("MemoryMax", "t", limit(value, field)));
                case "memory.swap.max" -> properties.add(Property.of("MemorySwapMax", "t", limit(value, field)));
                case "pids.max" -> properties.add(Property.of("TasksMax", "t", limit(value, field)));
                case "cpuset.cpus" -> {
                    if (version >= CPUSET_SINCE) {
                        properties.add(Property.of("AllowedCPUs", "ay", bitmask(value, field)));
                    }
                }
                case "cpuset.mems" -> {
                    if (version >= CPUSET_SINCE) {
                        properties.add(Property.of("AllowedMemoryNodes", "ay", bitmask(value, field)));
                    }
                }
                default -> {
                    // no systemd property: the file alone carries it
                }
            }
        }
    }

    private static long limit(String value) {
        return value.equals("max") ? INFINITY : Long.parseLong(value);
    }

    private static long limit(String value, String field) throws CgroupException {
        return value.equals("max") ? INFINITY : number(value, field);
    }

    private static long number(String value, String field) throws CgroupException {
        try {
            long number = Long.parseLong(value);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new CgroupException(null, field + ": \"" + value + "\" is not a non-negative number or \"max\"");
        }
    }

    /**
     * A cpuset list ({@code 0-3,7}) as systemd's bitmask: bit {@code n} of byte {@code n / 8} for CPU (or node)
     * {@code n}.
     */
    static byte[] bitmask(String list, String field) throws CgroupException {
        BitSet bits = new BitSet();
        for (String part : list.strip().split(",")) {
            String range = part.strip();
            try {
                int dash = range.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
                if (from < 0 || to < from || to > 1 << 16) {
                    throw new NumberFormatException();
                }
                bits.set(from, to + 1);
            } catch (NumberFormatException e) {
                throw new CgroupException(null, field + ": \"" + range + "\" in \"" + list
                        + "\" is not a number or a rising range n-m");
            }
        }
        return bits.toByteArray();
    }

    /**
     * {@code DevicePolicy} and {@code DeviceAllow} for the device rules, when systemd can say the same thing:
     * systemd knows only allow lists, so the rules must deny everything and then allow, and each allowed rule must
     * have a name systemd takes. Otherwise there is nothing: systemd then installs no device filter of its own,
     * and hako's (the v2 BPF program, the v1 devices files) alone decides. Never a list stricter than the rules:
     * on cgroup v2 both filters must let an access through.
     */
    static List<Property> devices(List<DeviceRule> rules, BiFunction<Character, Long, Optional<String>> majorName) {
        if (rules == null || rules.isEmpty()) {
            return List.of();
        }
        int denyAll = -1;
        for (int i = 0; i < rules.size(); i++) {
            if (!rules.get(i).allow() && isAll(rules.get(i)) && access(rules.get(i)).equals("rwm")) {
                denyAll = i;
            }
        }
        if (denyAll < 0) {
            return List.of();
        }
        List<Object> allowed = new ArrayList<>();
        for (DeviceRule rule : rules.subList(denyAll + 1, rules.size())) {
            if (!rule.allow()) {
                return List.of(); // a deny after an allow: no allow list says that
            }
            String access = access(rule);
            if (isAll(rule)) {
                if (access.equals("rwm")) {
                    return List.of(Property.of("DevicePolicy", "s", "auto")); // everything allowed
                }
                allowed.add(List.of("char-*", access));
                allowed.add(List.of("block-*", access));
                continue;
            }
            String type = rule.type().equals("b") ? "block" : "char";
            if (rule.major() == null || rule.major() < 0) {
                allowed.add(List.of(type + "-*", access));
            } else if (rule.minor() == null || rule.minor() < 0) {
                Optional<String> name = majorName.apply(type.charAt(0), rule.major());
                if (name.isEmpty()) {
                    return List.of(); // systemd names a whole major only by its /proc/devices name
                }
                allowed.add(List.of(type + "-" + name.get(), access));
            } else {
                allowed.add(List.of("/dev/" + type + "/" + rule.major() + ":" + rule.minor(), access));
            }
        }
        return List.of(Property.of("DevicePolicy", "s", "strict"), Property.of("DeviceAllow", "a(ss)", allowed));
    }

    private static boolean isAll(DeviceRule rule) {
        return rule.type() == null || rule.type().equals("a");
    }

    /** The rule's access as systemd spells it: r, w, m in that order, all three when absent. */
    private static String access(DeviceRule rule) {
        String asked = rule.access() == null || rule.access().isEmpty() ? "rwm" : rule.access();
        StringBuilder access = new StringBuilder();
        for (char c : "rwm".toCharArray()) {
            if (asked.indexOf(c) >= 0) {
                access.append(c);
            }
        }
        return access.toString();
    }
}
