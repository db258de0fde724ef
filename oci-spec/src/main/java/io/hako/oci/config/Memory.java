package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/**
 * Memory limits, in bytes; -1 means unlimited.
 *
 * @param limit the limit
 * @param reservation the soft limit
 * @param swap the limit of memory and swap together
 * @param kernel the kernel memory limit (deprecated)
 * @param kernelTcp the TCP buffer limit (JSON {@code kernelTCP}, deprecated)
 * @param swappiness the swappiness, 0 to 100
 * @param disableOomKiller whether the OOM killer is off (JSON {@code disableOOMKiller})
 * @param useHierarchy whether limits count the cgroups below (cgroup v1)
 * @param checkBeforeUpdate whether an update to a limit below the current usage is refused
 * @param unknown fields the model does not know, kept as they were read
 */
public record Memory(
        Long limit,
        Long reservation,
        Long swap,
        Long kernel,
        @Json("kernelTCP") Long kernelTcp,
        @Json(num = Json.Num.UINT64) Long swappiness,
        @Json("disableOOMKiller") Boolean disableOomKiller,
        Boolean useHierarchy,
        Boolean checkBeforeUpdate,
        UnknownFields unknown) {
    /** Takes null unknown fields for none. */
    public Memory {
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code limit} replaced}
     *
     * @param limit the new value, {@code null} for absent
     */
    public Memory withLimit(Long limit) {
        return new Memory(limit, reservation, swap, kernel, kernelTcp, swappiness, disableOomKiller, useHierarchy,
                checkBeforeUpdate, unknown);
    }

    /**
     * {@return a copy with {@code reservation} replaced}
     *
     * @param reservation the new value, {@code null} for absent
     */
    public Memory withReservation(Long reservation) {
        return new Memory(limit, reservation, swap, kernel, kernelTcp, swappiness, disableOomKiller, useHierarchy,
                checkBeforeUpdate, unknown);
    }

    /**
     * {@return a copy with {@code swap} replaced}
     *
     * @param swap the new value, {@code null} for absent
     */
    public Memory withSwap(Long swap) {
        return new Memory(limit, reservation, swap, kernel, kernelTcp, swappiness, disableOomKiller, useHierarchy,
                checkBeforeUpdate, unknown);
    }

    /**
     * {@return a copy with {@code kernel} replaced}
     *
     * @param kernel the new value, {@code null} for absent
     */
    public Memory withKernel(Long kernel) {
        return new Memory(limit, reservation, swap, kernel, kernelTcp, swappiness, disableOomKiller, useHierarchy,
                checkBeforeUpdate, unknown);
    }

    /**
     * {@return a copy with {@code kernelTcp} replaced}
     *
     * @param kernelTcp the new value, {@code null} for absent
     */
    public Memory withKernelTcp(Long kernelTcp) {
        return new Memory(limit, reservation, swap, kernel, kernelTcp, swappiness, disableOomKiller, useHierarchy,
                checkBeforeUpdate, unknown);
    }

    /**
     * {@return a copy with {@code swappiness} replaced}
     *
     * @param swappiness the new value, {@code null} for absent
     */
    public Memory withSwappiness(Long swappiness) {
        return new Memory(limit, reservation, swap, kernel, kernelTcp, swappiness, disableOomKiller, useHierarchy,
                checkBeforeUpdate, unknown);
    }

    /**
     * {@return a copy with {@code disableOomKiller} replaced}
     *
     * @param disableOomKiller the new value, {@code null} for absent
     */
    public Memory withDisableOomKiller(Boolean disableOomKiller) {
        return new Memory(limit, reservation, swap, kernel, kernelTcp, swappiness, disableOomKiller, useHierarchy,
                checkBeforeUpdate, unknown);
    }

    /**
     * {@return a copy with {@code useHierarchy} replaced}
     *
     * @param useHierarchy the new value, {@code null} for absent
     */
    public Memory withUseHierarchy(Boolean useHierarchy) {
        return new Memory(limit, reservation, swap, kernel, kernelTcp, swappiness, disableOomKiller, useHierarchy,
                checkBeforeUpdate, unknown);
    }

    /**
     * {@return a copy with {@code checkBeforeUpdate} replaced}
     *
     * @param checkBeforeUpdate the new value, {@code null} for absent
     */
    public Memory withCheckBeforeUpdate(Boolean checkBeforeUpdate) {
        return new Memory(limit, reservation, swap, kernel, kernelTcp, swappiness, disableOomKiller, useHierarchy,
                checkBeforeUpdate, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Memory withUnknown(UnknownFields unknown) {
        return new Memory(limit, reservation, swap, kernel, kernelTcp, swappiness, disableOomKiller, useHierarchy,
                checkBeforeUpdate, unknown);
    }
}
