package io.hako.cgroups.v2.internal;

import io.hako.cgroups.CgroupException;
import io.hako.cgroups.internal.CgroupFiles;
import io.hako.oci.config.BlockIo;
import io.hako.oci.config.Cpu;
import io.hako.oci.config.HugepageLimit;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Network;
import io.hako.oci.config.Rdma;
import io.hako.oci.config.Resources;
import io.hako.oci.config.ThrottleDevice;
import io.hako.oci.config.WeightDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code linux.resources} writes in a cgroup v2 directory: a pure function from the resources (and what the
 * directory offers) to an ordered list of (file, value) writes, which {@link V2Cgroup} carries out. Only what the
 * resources name is written, so the same function serves create and update. The spec's values are cgroup v1's;
 * they are converted as runc converts them. Device rules are not files here: {@link DeviceFilter} compiles them.
 */
public final class V2Settings {
    /** One write: {@code value} into {@code file} of the cgroup's directory. */
    record Write(String file, String value) {}

    /**
     * What the cgroup's directory offers, which some settings depend on.
     *
     * @param files the names of the files in it
     * @param controllers the controllers enabled for it ({@code cgroup.controllers})
     */
    record Target(Set<String> files, Set<String> controllers) {
        Target {
            files = Set.copyOf(files);
            controllers = Set.copyOf(controllers);
        }
    }

    /** cgroup v2's default CFS period, in microseconds, when a quota comes without one. */
    static final long DEFAULT_PERIOD = 100_000;

    private V2Settings() {}

    static List<Write> of(Resources resources, Target target) throws CgroupException {
        List<Write> writes = new ArrayList<>();
        if (resources == null) {
            return writes;
        }
        memory(resources.memory(), target, writes);
        cpu(resources.cpu(), writes);
        if (resources.pids() != null) {
            long limit = resources.pids().limit();
            writes.add(new Write("pids.max", limit > 0 ? Long.toString(limit) : "max"));
        }
        blockIo(resources.blockIO(), target, writes);
        if (resources.hugepageLimits() != null) {
            for (HugepageLimit limit : resources.hugepageLimits()) {
                String prefix = "hugetlb." + limit.pageSize();
                String value = Long.toUnsignedString(limit.limit());
                writes.add(new Write(prefix + ".max", value));
                // Where reservations are counted (5.7+), they get the same limit, as runc does: otherwise a
                // reservation the limit would refuse is taken, and the fault comes later, as SIGBUS.
                if (target.files().contains(prefix + ".rsvd.max")) {
                    writes.add(new Write(prefix + ".rsvd.max", value));
                }
            }
        }
        network(resources.network());
        if (resources.rdma() != null) {
            for (Map.Entry<String, Rdma> device : resources.rdma().entrySet()) {
                String line = CgroupFiles.rdmaMax(device.getKey(), device.getValue());
                if (line != null) {
                    writes.add(new Write("rdma.max", line));
                }
            }
        }
        // Last, so that a file named both ways gets the unified value, as in runc.
        unified(resources.unified(), target, writes);
        return writes;
    }

    private static void memory(Memory memory, Target target, List<Write> writes) throws CgroupException {
        if (memory == null) {
            return;
        }
        // As in runc, 0 is "unset" for the limit, the reservation and the swap: none of them means anything else.
        if (memory.limit() != null && memory.limit() != 0) {
            writes.add(new Write("memory.max", max(memory.limit())));
        }
        String swap = swapMax(memory.swap(), memory.limit());
        // Without swap accounting (no memory.swap.max) there is no swap to limit: "max" and "0" already hold.
        if (swap != null && (target.files().contains("memory.swap.max") || !(swap.equals("max") || swap.equals("0")))) {
            writes.add(new Write("memory.swap.max", swap));
        }
        if (memory.reservation() != null && memory.reservation() != 0) {
            writes.add(new Write("memory.low", max(memory.reservation())));
        }
        if (memory.kernel() != null && memory.kernel() >= 0) {
            throw new CgroupException(null, "/linux/resources/memory/kernel: cgroup v2 has no kernel memory limit "
                    + "(kernel memory counts in memory.max)");
        }
        if (memory.kernelTcp() != null && memory.kernelTcp() >= 0) {
            throw new CgroupException(null, "/linux/resources/memory/kernelTCP: cgroup v2 has no kernel TCP "
                    + "memory limit (it counts in memory.max)");
        }
        if (memory.swappiness() != null && memory.swappiness() >= 0) {
            throw new CgroupException(null, "/linux/resources/memory/swappiness: cgroup v2 has no per-cgroup "
                    + "swappiness");
        }
        if (Boolean.TRUE.equals(memory.disableOomKiller())) {
            throw new CgroupException(null, "/linux/resources/memory/disableOOMKiller: cgroup v2 cannot disable "
                    + "the OOM killer");
        }
        if (Boolean.FALSE.equals(memory.useHierarchy())) {
            throw new CgroupException(null, "/linux/resources/memory/useHierarchy: cgroup v2 is always "
                    + "hierarchical");
        }
    }

    /** A v2 limit file's value: a negative number (v1's -1) is no limit. */
    private static String max(long value) {
        return value < 0 ? "max" : Long.toString(value);
    }

    /**
     * Whether {@code resources} set a limit of a controller the host offers ({@code available}, the root's
     * cgroup.controllers): runc's needAnyControllers, which decides whether a rootless container may go on
     * without its cgroup. Device rules, unified keys and rdma are not asked about, as runc does not. Pure.
     */
    public static boolean needsControllers(Resources resources, Set<String> available) {
        if (resources == null) {
            return false;
        }
        Memory memory = resources.memory();
        Cpu cpu = resources.cpu();
        BlockIo io = resources.blockIO();
        boolean pids = resources.pids() != null && resources.pids().limit() != 0;
        boolean memorySet = memory != null && (nonZero(memory.limit()) || nonZero(memory.reservation())
                || nonZero(memory.swap()));
        boolean ioSet = io != null && ((io.weight() != null && io.weight() != 0) || nonEmpty(io.weightDevice())
                || nonEmpty(io.throttleReadBpsDevice()) || nonEmpty(io.throttleWriteBpsDevice())
                || nonEmpty(io.throttleReadIopsDevice()) || nonEmpty(io.throttleWriteIopsDevice()));
        boolean cpuSet = cpu != null && (nonZero(cpu.shares()) || nonZero(cpu.quota()) || nonZero(cpu.period()));
        boolean cpusetSet = cpu != null && ((cpu.cpus() != null && !cpu.cpus().isEmpty())
                || (cpu.mems() != null && !cpu.mems().isEmpty()));
        boolean hugetlb = nonEmpty(resources.hugepageLimits());
        return (pids && available.contains("pids")) || (memorySet && available.contains("memory"))
                || (ioSet && available.contains("io")) || (cpuSet && available.contains("cpu"))
                || (cpusetSet && available.contains("cpuset")) || (hugetlb && available.contains("hugetlb"));
    }

    private static boolean nonZero(Long value) {
        return value != null && value != 0;
    }

    private static boolean nonEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    /**
     * memory.swap.max for the spec's swap, which is v1's memory plus swap: swap alone is {@code swap - limit}
     * (runc's conversion). Null when the swap is unset (absent or 0).
     *
     * @throws CgroupException when swap is limited without a memory limit to subtract, or below the limit
     */
    public static String swapMax(Long swap, Long limit) throws CgroupException {
        if (swap == null || swap == 0) {
            return null;
        }
        if (swap < 0) {
            return "max";
        }
        if (limit == null || limit <= 0) {
            throw new CgroupException(null, "/linux/resources/memory/swap: " + swap + " is memory plus swap, and "
                    + (limit == null || limit == 0 ? "with no memory limit" : "with memory unlimited (" + limit + ")")
                    + " cgroup v2 cannot tell the swap alone");
        }
        if (swap < limit) {
            throw new CgroupException(null, "/linux/resources/memory/swap: " + swap + " is memory plus swap, "
                    + "below the memory limit " + limit);
        }
        return Long.toString(swap - limit);
    }

    private static void cpu(Cpu cpu, List<Write> writes) throws CgroupException {
        if (cpu == null) {
            return;
        }
        if (cpu.realtimeRuntime() != null && cpu.realtimeRuntime() != 0) {
            throw new CgroupException(null, "/linux/resources/cpu/realtimeRuntime: cgroup v2 has no real-time "
                    + "budget");
        }
        if (cpu.realtimePeriod() != null && cpu.realtimePeriod() != 0) {
            throw new CgroupException(null, "/linux/resources/cpu/realtimePeriod: cgroup v2 has no real-time "
                    + "budget");
        }
        // Idle first: an idle group refuses a weight.
        if (cpu.idle() != null) {
            writes.add(new Write("cpu.idle", Long.toString(cpu.idle())));
        }
        if (cpu.shares() != null && cpu.shares() != 0) {
            writes.add(new Write("cpu.weight", Long.toString(cpuWeight(cpu.shares()))));
        }
        // The burst before the quota it must not exceed; V2Cgroup retries it after cpu.max when that raises it.
        if (cpu.burst() != null) {
            writes.add(new Write("cpu.max.burst", Long.toUnsignedString(cpu.burst())));
        }
        // cpu.max takes the quota first and the period optionally: a period alone comes with "max", as runc
        // writes it, and a quota alone with v2's default period, not whatever period the cgroup had.
        boolean quota = cpu.quota() != null && cpu.quota() != 0;
        boolean period = cpu.period() != null && cpu.period() != 0;
        if (quota || period) {
            writes.add(new Write("cpu.max", (quota && cpu.quota() > 0 ? Long.toString(cpu.quota()) : "max") + " "
                    + (period ? Long.toUnsignedString(cpu.period()) : Long.toString(DEFAULT_PERIOD))));
        }
        if (cpu.cpus() != null && !cpu.cpus().isEmpty()) {
            writes.add(new Write("cpuset.cpus", cpu.cpus()));
        }
        if (cpu.mems() != null && !cpu.mems().isEmpty()) {
            writes.add(new Write("cpuset.mems", cpu.mems()));
        }
    }

    /**
     * cpu.weight (1-10000, default 100) for v1's cpu.shares (2-262144, default 1024), linearly as runc documents:
     * {@code 1 + ((shares - 2) * 9999) / 262142}, the ends clamped.
     */
    public static long cpuWeight(long shares) {
        if (Long.compareUnsigned(shares, 2) <= 0) {
            return 1;
        }
        if (Long.compareUnsigned(shares, 262144) >= 0) {
            return 10000;
        }
        return 1 + ((shares - 2) * 9999) / 262142;
    }

    /** io.weight (1-10000) for v1's blkio weight (10-1000), linearly as runc converts it, the ends clamped. */
    static long ioWeight(long weight) {
        if (weight <= 10) {
            return 1;
        }
        if (weight >= 1000) {
            return 10000;
        }
        return 1 + (weight - 10) * 9999 / 990;
    }

    private static void blockIo(BlockIo io, Target target, List<Write> writes) throws CgroupException {
        if (io == null) {
            return;
        }
        if (io.leafWeight() != null && io.leafWeight() != 0) {
            throw new CgroupException(null, "/linux/resources/blockIO/leafWeight: cgroup v2 has no leaf weight");
        }
        // BFQ takes v1's weights (1-1000) as they are; io.weight (blk-iocost) needs them converted.
        boolean bfq = target.files().contains("io.bfq.weight");
        if (io.weight() != null && io.weight() != 0) {
            writes.add(bfq ? new Write("io.bfq.weight", Integer.toString(io.weight()))
                    : new Write("io.weight", Long.toString(ioWeight(io.weight()))));
        }
        if (io.weightDevice() != null) {
            for (int i = 0; i < io.weightDevice().size(); i++) {
                WeightDevice device = io.weightDevice().get(i);
                if (device.leafWeight() != null) {
                    throw new CgroupException(null, "/linux/resources/blockIO/weightDevice/" + i + "/leafWeight: "
                            + "cgroup v2 has no leaf weight");
                }
                if (device.weight() != null) {
                    String id = device.major() + ":" + device.minor();
                    writes.add(bfq ? new Write("io.bfq.weight", id + " " + device.weight())
                            : new Write("io.weight", id + " " + ioWeight(device.weight())));
                }
            }
        }
        throttle(io.throttleReadBpsDevice(), "rbps", writes);
        throttle(io.throttleWriteBpsDevice(), "wbps", writes);
        throttle(io.throttleReadIopsDevice(), "riops", writes);
        throttle(io.throttleWriteIopsDevice(), "wiops", writes);
    }

    /** One io.max line a device; a rate of 0 is v1's "no limit", which v2 spells "max" (it refuses 0). */
    private static void throttle(List<ThrottleDevice> devices, String key, List<Write> writes) {
        if (devices == null) {
            return;
        }
        for (ThrottleDevice device : devices) {
            String rate = device.rate() == null || device.rate() == 0 ? "max" : Long.toUnsignedString(device.rate());
            writes.add(new Write("io.max", device.major() + ":" + device.minor() + " " + key + "=" + rate));
        }
    }

    private static void network(Network network) throws CgroupException {
        if (network == null) {
            return;
        }
        if (network.classId() != null) {
            throw new CgroupException(null, "/linux/resources/network/classID: cgroup v2 has no net_cls "
                    + "controller");
        }
        if (network.priorities() != null && !network.priorities().isEmpty()) {
            throw new CgroupException(null, "/linux/resources/network/priorities: cgroup v2 has no net_prio "
                    + "controller");
        }
    }

    /**
     * Files written as they are given. A key must be a file of this cgroup (or of a controller enabled for it);
     * a value of several lines is written a line at a time, since a cgroup file takes one entry per write.
     */
    private static void unified(Map<String, String> unified, Target target, List<Write> writes)
            throws CgroupException {
        if (unified == null) {
            return;
        }
        for (Map.Entry<String, String> entry : unified.entrySet()) {
            String key = entry.getKey();
            if (key.isEmpty() || key.contains("/") || key.equals(".") || key.equals("..") || key.indexOf('\0') >= 0) {
                throw new CgroupException(null, "/linux/resources/unified: \"" + key + "\" is not a file name");
            }
            int dot = key.indexOf('.');
            String controller = dot > 0 ? key.substring(0, dot) : key;
            if (!target.files().contains(key) && !target.controllers().contains(controller)) {
                throw new CgroupException(null, "/linux/resources/unified: \"" + key + "\" is no file of this "
                        + "cgroup" + (dot > 0 && !controller.equals("cgroup") ? " (the " + controller
                        + " controller is not enabled for it: " + target.controllers() + ")" : ""));
            }
            for (String line : entry.getValue().split("\n")) {
                if (!line.isBlank()) {
                    writes.add(new Write(key, line));
                }
            }
        }
    }
}
