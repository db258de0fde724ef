package io.hako.cli.request;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The limits {@code update} takes as individual flags, parsed as runc parses them; empty means "not given,
 * leave as is". Unsigned 64-bit values (shares, periods, burst) are held in a {@code long} as their bits.
 *
 * @param blkioWeight {@code --blkio-weight} (10 to 1000; 0 means not given, as in runc)
 * @param cpusetCpus {@code --cpuset-cpus}
 * @param cpusetMems {@code --cpuset-mems}
 * @param cpuShares {@code --cpu-share}
 * @param cpuPeriod {@code --cpu-period}, microseconds
 * @param cpuQuota {@code --cpu-quota}, microseconds
 * @param cpuBurst {@code --cpu-burst}, microseconds
 * @param cpuRtPeriod {@code --cpu-rt-period}, microseconds
 * @param cpuRtRuntime {@code --cpu-rt-runtime}, microseconds
 * @param cpuIdle {@code --cpu-idle}, 0 or 1
 * @param memory {@code --memory}, bytes, -1 for unlimited
 * @param memoryReservation {@code --memory-reservation}, bytes
 * @param memorySwap {@code --memory-swap}, bytes of memory plus swap, -1 for unlimited
 * @param pidsLimit {@code --pids-limit}
 * @param l3CacheSchema {@code --l3-cache-schema} (Intel RDT)
 * @param memBwSchema {@code --mem-bw-schema} (Intel RDT)
 */
public record ResourceFlags(
        OptionalInt blkioWeight,
        Optional<String> cpusetCpus,
        Optional<String> cpusetMems,
        OptionalLong cpuShares,
        OptionalLong cpuPeriod,
        OptionalLong cpuQuota,
        OptionalLong cpuBurst,
        OptionalLong cpuRtPeriod,
        OptionalLong cpuRtRuntime,
        OptionalLong cpuIdle,
        OptionalLong memory,
        OptionalLong memoryReservation,
        OptionalLong memorySwap,
        OptionalLong pidsLimit,
        Optional<String> l3CacheSchema,
        Optional<String> memBwSchema) {
}
