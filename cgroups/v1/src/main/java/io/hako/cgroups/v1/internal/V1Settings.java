package io.hako.cgroups.v1.internal;

import io.hako.cgroups.CgroupException;
import io.hako.cgroups.internal.CgroupFiles;
import io.hako.oci.config.BlockIo;
import io.hako.oci.config.Cpu;
import io.hako.oci.config.DeviceRule;
import io.hako.oci.config.HugepageLimit;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Resources;
import io.hako.oci.config.ThrottleDevice;
import io.hako.oci.config.WeightDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code linux.resources} writes in a v1 cgroup: a pure function from the resources to an ordered list of
 * (controller, file, value) writes, which {@link V1Cgroup} then carries out. Only what the resources name is
 * written, so the same function serves create and update.
 */
final class V1Settings {
    /** One write: {@code value} into {@code file} of the cgroup's directory in {@code controller}'s hierarchy. */
    record Write(String controller, String file, String value) {}

    private V1Settings() {}

    static List<Write> of(Resources resources) throws CgroupException {
        List<Write> writes = new ArrayList<>();
        if (resources == null) {
            return writes;
        }
        if (resources.unified() != null && !resources.unified().isEmpty()) {
            // runc's words (ErrV1NoUnified), which tools match.
            throw new CgroupException(null, "/linux/resources/unified: invalid configuration: cannot use unified on "
                    + "cgroup v1");
        }
        devices(resources.devices(), writes);
        memory(resources.memory(), writes);
        cpu(resources.cpu(), writes);
        if (resources.pids() != null) {
            long limit = resources.pids().limit();
            writes.add(new Write("pids", "pids.max", limit > 0 ? Long.toString(limit) : "max"));
        }
        blockIo(resources.blockIO(), writes);
        if (resources.hugepageLimits() != null) {
            for (HugepageLimit limit : resources.hugepageLimits()) {
                writes.add(new Write("hugetlb", "hugetlb." + limit.pageSize() + ".limit_in_bytes",
                        Long.toUnsignedString(limit.limit())));
            }
        }
        if (resources.network() != null) {
            if (resources.network().classId() != null) {
                writes.add(new Write("net_cls", "net_cls.classid", Long.toString(resources.network().classId())));
            }
            if (resources.network().priorities() != null) {
                for (var priority : resources.network().priorities()) {
                    writes.add(new Write("net_prio", "net_prio.ifpriomap",
                            priority.name() + " " + priority.priority()));
                }
            }
        }
        if (resources.rdma() != null) {
            for (Map.Entry<String, io.hako.oci.config.Rdma> device : resources.rdma().entrySet()) {
                String line = CgroupFiles.rdmaMax(device.getKey(), device.getValue());
                if (line != null) {
                    writes.add(new Write("rdma", "rdma.max", line));
                }
            }
        }
        return writes;
    }

    /**
     * Device rules in their order, each an allow or a deny: later rules override earlier ones, as the spec says,
     * and a container's list begins with "deny all" in practice.
     */
    private static void devices(List<DeviceRule> rules, List<Write> writes) {
        if (rules == null) {
            return;
        }
        for (DeviceRule rule : rules) {
            writes.add(new Write("devices", rule.allow() ? "devices.allow" : "devices.deny", deviceRule(rule)));
        }
    }

    /** {@code c 1:3 rwm}; a missing type is {@code a}, a missing number {@code *}, missing access {@code rwm}. */
    static String deviceRule(DeviceRule rule) {
        String type = rule.type() == null || rule.type().isEmpty() ? "a" : rule.type();
        String major = rule.major() == null || rule.major() < 0 ? "*" : Long.toString(rule.major());
        String minor = rule.minor() == null || rule.minor() < 0 ? "*" : Long.toString(rule.minor());
        String access = rule.access() == null || rule.access().isEmpty() ? "rwm" : rule.access();
        return type.equals("a") ? "a *:* " + access : type + " " + major + ":" + minor + " " + access;
    }

    private static void memory(Memory memory, List<Write> writes) {
        if (memory == null) {
            return;
        }
        // memsw (memory plus swap) may never be below the memory limit: the order of the two writes depends on
        // the old values, which V1Cgroup knows; here they come as a pair it orders.
        if (memory.limit() != null) {
            writes.add(new Write("memory", "memory.limit_in_bytes", limit(memory.limit())));
        }
        if (memory.swap() != null) {
            writes.add(new Write("memory", "memory.memsw.limit_in_bytes", limit(memory.swap())));
        }
        if (memory.reservation() != null) {
            writes.add(new Write("memory", "memory.soft_limit_in_bytes", limit(memory.reservation())));
        }
        if (memory.kernel() != null) {
            writes.add(new Write("memory", "memory.kmem.limit_in_bytes", limit(memory.kernel())));
        }
        if (memory.kernelTcp() != null) {
            writes.add(new Write("memory", "memory.kmem.tcp.limit_in_bytes", limit(memory.kernelTcp())));
        }
        if (memory.swappiness() != null && memory.swappiness() >= 0) {
            writes.add(new Write("memory", "memory.swappiness", Long.toUnsignedString(memory.swappiness())));
        }
        if (memory.disableOomKiller() != null && memory.disableOomKiller()) {
            writes.add(new Write("memory", "memory.oom_control", "1"));
        }
        if (memory.useHierarchy() != null) {
            writes.add(new Write("memory", "memory.use_hierarchy", memory.useHierarchy() ? "1" : "0"));
        }
    }

    /** A memory limit: -1 (or any negative value) is no limit. */
    private static String limit(long value) {
        return value < 0 ? "-1" : Long.toString(value);
    }

    private static void cpu(Cpu cpu, List<Write> writes) {
        if (cpu == null) {
            return;
        }
        if (cpu.shares() != null && cpu.shares() != 0) {
            writes.add(new Write("cpu", "cpu.shares", Long.toUnsignedString(cpu.shares())));
        }
        // The period first: a quota is checked against the period in place.
        if (cpu.period() != null && cpu.period() != 0) {
            writes.add(new Write("cpu", "cpu.cfs_period_us", Long.toUnsignedString(cpu.period())));
        }
        if (cpu.quota() != null && cpu.quota() != 0) {
            writes.add(new Write("cpu", "cpu.cfs_quota_us", cpu.quota() < 0 ? "-1" : Long.toString(cpu.quota())));
        }
        if (cpu.burst() != null) {
            writes.add(new Write("cpu", "cpu.cfs_burst_us", Long.toUnsignedString(cpu.burst())));
        }
        // The period first here too, for the same reason.
        if (cpu.realtimePeriod() != null && cpu.realtimePeriod() != 0) {
            writes.add(new Write("cpu", "cpu.rt_period_us", Long.toUnsignedString(cpu.realtimePeriod())));
        }
        if (cpu.realtimeRuntime() != null && cpu.realtimeRuntime() != 0) {
            writes.add(new Write("cpu", "cpu.rt_runtime_us", Long.toString(cpu.realtimeRuntime())));
        }
        if (cpu.idle() != null) {
            writes.add(new Write("cpu", "cpu.idle", Long.toString(cpu.idle())));
        }
        if (cpu.cpus() != null && !cpu.cpus().isEmpty()) {
            writes.add(new Write("cpuset", "cpuset.cpus", cpu.cpus()));
        }
        if (cpu.mems() != null && !cpu.mems().isEmpty()) {
            writes.add(new Write("cpuset", "cpuset.mems", cpu.mems()));
        }
    }

    private static void blockIo(BlockIo io, List<Write> writes) {
        if (io == null) {
            return;
        }
        if (io.weight() != null && io.weight() != 0) {
            writes.add(new Write("blkio", "blkio.weight", Integer.toString(io.weight())));
        }
        if (io.leafWeight() != null && io.leafWeight() != 0) {
            writes.add(new Write("blkio", "blkio.leaf_weight", Integer.toString(io.leafWeight())));
        }
        if (io.weightDevice() != null) {
            for (WeightDevice device : io.weightDevice()) {
                String id = device.major() + ":" + device.minor();
                if (device.weight() != null) {
                    writes.add(new Write("blkio", "blkio.weight_device", id + " " + device.weight()));
                }
                if (device.leafWeight() != null) {
                    writes.add(new Write("blkio", "blkio.leaf_weight_device", id + " " + device.leafWeight()));
                }
            }
        }
        throttle(io.throttleReadBpsDevice(), "blkio.throttle.read_bps_device", writes);
        throttle(io.throttleWriteBpsDevice(), "blkio.throttle.write_bps_device", writes);
        throttle(io.throttleReadIopsDevice(), "blkio.throttle.read_iops_device", writes);
        throttle(io.throttleWriteIopsDevice(), "blkio.throttle.write_iops_device", writes);
    }

    /**
     * The writes for a blkio hierarchy whose proportional weights are BFQ's ({@code blkio.bfq.weight}): CFQ's
     * {@code blkio.weight} files went with CFQ in Linux 5.0, and BFQ takes the same 1-1000 weights under its own
     * names (as runc maps them). BFQ has no leaf weights: asking for one is the field's error. Pure.
     */
    static List<Write> forBfq(List<Write> writes) throws CgroupException {
        List<Write> mapped = new ArrayList<>(writes.size());
        for (Write write : writes) {
            switch (write.file()) {
                case "blkio.weight" -> mapped.add(new Write("blkio", "blkio.bfq.weight", write.value()));
                case "blkio.weight_device" -> mapped.add(new Write("blkio", "blkio.bfq.weight_device",
                        write.value()));
                case "blkio.leaf_weight", "blkio.leaf_weight_device" -> throw new CgroupException(null,
                        "/linux/resources/blockIO/" + (write.file().endsWith("device") ? "weightDevice/leafWeight"
                                : "leafWeight") + ": this host's blkio weights are BFQ's, which has no leaf weight");
                default -> mapped.add(write);
            }
        }
        return mapped;
    }

    private static void throttle(List<ThrottleDevice> devices, String file, List<Write> writes) {
        if (devices == null) {
            return;
        }
        for (ThrottleDevice device : devices) {
            writes.add(new Write("blkio", file, device.major() + ":" + device.minor() + " "
                    + (device.rate() == null ? 0 : Long.toUnsignedString(device.rate()))));
        }
    }
}
