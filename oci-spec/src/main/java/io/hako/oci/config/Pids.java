package io.hako.oci.config;

import io.hako.oci.UnknownFields;

/** The limit on the number of tasks; 0 or -1 means none. */
public record Pids(long limit, UnknownFields unknown) {
    public Pids {
        unknown = UnknownFields.orNone(unknown);
    }
}
