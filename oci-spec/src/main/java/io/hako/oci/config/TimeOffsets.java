package io.hako.oci.config;

import io.hako.oci.UnknownFields;

/** The offsets of the time namespace's clocks. */
public record TimeOffsets(TimeOffset boottime, TimeOffset monotonic, UnknownFields unknown) {
    public TimeOffsets {
        unknown = UnknownFields.orNone(unknown);
    }
}
