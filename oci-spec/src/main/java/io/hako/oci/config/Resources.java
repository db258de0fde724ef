package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import java.util.List;
import java.util.Map;

/**
 * A cgroup's limits, one component per controller; {@code unified} holds cgroup v2 files written as they are.
 *
 * @param devices device access rules, in order
 * @param memory the memory limits
 * @param cpu the CPU limits
 * @param pids the task limit
 * @param blockIO block I/O weights and throttles (JSON {@code blockIO})
 * @param hugepageLimits hugetlb limits by page size
 * @param network the net_cls and net_prio settings
 * @param rdma RDMA limits by device
 * @param unified cgroup v2 files and the values written to them
 * @param unknown fields the model does not know, kept as they were read
 */
public record Resources(
        List<DeviceRule> devices,
        Memory memory,
        Cpu cpu,
        Pids pids,
        BlockIo blockIO,
        List<HugepageLimit> hugepageLimits,
        Network network,
        Map<String, Rdma> rdma,
        Map<String, String> unified,
        UnknownFields unknown) {
    /** Resources with no limit set: what {@link Linux#editResources} starts from when a spec has none. */
    public static final Resources EMPTY = new Resources(null, null, null, null, null, null, null, null, null, null);

    /** Keeps unmodifiable copies of the lists and maps; takes null unknown fields for none. */
    public Resources {
        devices = Copies.list(devices);
        hugepageLimits = Copies.list(hugepageLimits);
        rdma = Copies.map(rdma);
        unified = Copies.map(unified);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code devices} replaced}
     *
     * @param devices the new value, {@code null} for absent
     */
    public Resources withDevices(List<DeviceRule> devices) {
        return new Resources(devices, memory, cpu, pids, blockIO, hugepageLimits, network, rdma, unified, unknown);
    }

    /**
     * {@return a copy with {@code memory} replaced}
     *
     * @param memory the new value, {@code null} for absent
     */
    public Resources withMemory(Memory memory) {
        return new Resources(devices, memory, cpu, pids, blockIO, hugepageLimits, network, rdma, unified, unknown);
    }

    /**
     * {@return a copy with {@code cpu} replaced}
     *
     * @param cpu the new value, {@code null} for absent
     */
    public Resources withCpu(Cpu cpu) {
        return new Resources(devices, memory, cpu, pids, blockIO, hugepageLimits, network, rdma, unified, unknown);
    }

    /**
     * {@return a copy with {@code pids} replaced}
     *
     * @param pids the new value, {@code null} for absent
     */
    public Resources withPids(Pids pids) {
        return new Resources(devices, memory, cpu, pids, blockIO, hugepageLimits, network, rdma, unified, unknown);
    }

    /**
     * {@return a copy with {@code blockIO} replaced}
     *
     * @param blockIO the new value, {@code null} for absent
     */
    public Resources withBlockIO(BlockIo blockIO) {
        return new Resources(devices, memory, cpu, pids, blockIO, hugepageLimits, network, rdma, unified, unknown);
    }

    /**
     * {@return a copy with {@code hugepageLimits} replaced}
     *
     * @param hugepageLimits the new value, {@code null} for absent
     */
    public Resources withHugepageLimits(List<HugepageLimit> hugepageLimits) {
        return new Resources(devices, memory, cpu, pids, blockIO, hugepageLimits, network, rdma, unified, unknown);
    }

    /**
     * {@return a copy with {@code network} replaced}
     *
     * @param network the new value, {@code null} for absent
     */
    public Resources withNetwork(Network network) {
        return new Resources(devices, memory, cpu, pids, blockIO, hugepageLimits, network, rdma, unified, unknown);
    }

    /**
     * {@return a copy with {@code rdma} replaced}
     *
     * @param rdma the new value, {@code null} for absent
     */
    public Resources withRdma(Map<String, Rdma> rdma) {
        return new Resources(devices, memory, cpu, pids, blockIO, hugepageLimits, network, rdma, unified, unknown);
    }

    /**
     * {@return a copy with {@code unified} replaced}
     *
     * @param unified the new value, {@code null} for absent
     */
    public Resources withUnified(Map<String, String> unified) {
        return new Resources(devices, memory, cpu, pids, blockIO, hugepageLimits, network, rdma, unified, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Resources withUnknown(UnknownFields unknown) {
        return new Resources(devices, memory, cpu, pids, blockIO, hugepageLimits, network, rdma, unified, unknown);
    }
}
