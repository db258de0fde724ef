package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/**
 * CPU limits: shares, CFS quota and period, real-time budget, cpusets, idle.
 *
 * @param shares the relative weight
 * @param quota CFS: microseconds of CPU time per period, -1 for no limit
 * @param burst CFS: microseconds by which a period may exceed the quota
 * @param period CFS: the period in microseconds
 * @param realtimeRuntime microseconds of real-time scheduling per real-time period
 * @param realtimePeriod the real-time period in microseconds
 * @param cpus the CPUs allowed, a list like {@code 0-3,7}
 * @param mems the memory nodes allowed, a list like {@code 0-1}
 * @param idle 1 makes the cgroup SCHED_IDLE (cgroup v2)
 * @param unknown fields the model does not know, kept as they were read
 */
public record Cpu(
        @Json(num = Json.Num.UINT64) Long shares,
        Long quota,
        @Json(num = Json.Num.UINT64) Long burst,
        @Json(num = Json.Num.UINT64) Long period,
        Long realtimeRuntime,
        @Json(num = Json.Num.UINT64) Long realtimePeriod,
        String cpus,
        String mems,
        Long idle,
        UnknownFields unknown) {
    /** Takes null unknown fields for none. */
    public Cpu {
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code shares} replaced}
     *
     * @param shares the new value, {@code null} for absent
     */
    public Cpu withShares(Long shares) {
        return new Cpu(shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus, mems, idle, unknown);
    }

    /**
     * {@return a copy with {@code quota} replaced}
     *
     * @param quota the new value, {@code null} for absent
     */
    public Cpu withQuota(Long quota) {
        return new Cpu(shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus, mems, idle, unknown);
    }

    /**
     * {@return a copy with {@code burst} replaced}
     *
     * @param burst the new value, {@code null} for absent
     */
    public Cpu withBurst(Long burst) {
        return new Cpu(shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus, mems, idle, unknown);
    }

    /**
     * {@return a copy with {@code period} replaced}
     *
     * @param period the new value, {@code null} for absent
     */
    public Cpu withPeriod(Long period) {
        return new Cpu(shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus, mems, idle, unknown);
    }

    /**
     * {@return a copy with {@code realtimeRuntime} replaced}
     *
     * @param realtimeRuntime the new value, {@code null} for absent
     */
    public Cpu withRealtimeRuntime(Long realtimeRuntime) {
        return new Cpu(shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus, mems, idle, unknown);
    }

    /**
     * {@return a copy with {@code realtimePeriod} replaced}
     *
     * @param realtimePeriod the new value, {@code null} for absent
     */
    public Cpu withRealtimePeriod(Long realtimePeriod) {
        return new Cpu(shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus, mems, idle, unknown);
    }

    /**
     * {@return a copy with {@code cpus} replaced}
     *
     * @param cpus the new value, {@code null} for absent
     */
    public Cpu withCpus(String cpus) {
        return new Cpu(shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus, mems, idle, unknown);
    }

    /**
     * {@return a copy with {@code mems} replaced}
     *
     * @param mems the new value, {@code null} for absent
     */
    public Cpu withMems(String mems) {
        return new Cpu(shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus, mems, idle, unknown);
    }

    /**
     * {@return a copy with {@code idle} replaced}
     *
     * @param idle the new value, {@code null} for absent
     */
    public Cpu withIdle(Long idle) {
        return new Cpu(shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus, mems, idle, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Cpu withUnknown(UnknownFields unknown) {
        return new Cpu(shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus, mems, idle, unknown);
    }
}
