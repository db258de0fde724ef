package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/** Memory limits, in bytes; -1 means unlimited. */
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
