package io.hako.oci.config;

import io.hako.oci.UnknownFields;

/** The offsets of the time namespace's clocks. */
public record TimeOffsets(TimeOffset boottime, TimeOffset monotonic, UnknownFields unknown) {
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
