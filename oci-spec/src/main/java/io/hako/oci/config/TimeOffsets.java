package io.hako.oci.config;

import io.hako.oci.UnknownFields;

/**
 * The offsets of the time namespace's clocks.
 *
 * @param boottime CLOCK_BOOTTIME's offset
 * @param monotonic CLOCK_MONOTONIC's offset
 * @param unknown fields the model does not know, kept as they were read
 */
public record TimeOffsets(TimeOffset boottime, TimeOffset monotonic, UnknownFields unknown) {
    /** Takes null unknown fields for none. */
    public TimeOffsets {
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code boottime} replaced}
     *
     * @param boottime the new value, {@code null} for absent
     */
    public TimeOffsets withBoottime(TimeOffset boottime) {
        return new TimeOffsets(boottime, monotonic, unknown);
    }

    /**
     * {@return a copy with {@code monotonic} replaced}
     *
     * @param monotonic the new value, {@code null} for absent
     */
    public TimeOffsets withMonotonic(TimeOffset monotonic) {
        return new TimeOffsets(boottime, monotonic, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public TimeOffsets withUnknown(UnknownFields unknown) {
        return new TimeOffsets(boottime, monotonic, unknown);
    }
}
