package io.hako.oci.config;

import io.hako.oci.UnknownFields;

/** The limit on the number of tasks; 0 or -1 means none. */
public record Pids(long limit, UnknownFields unknown) {
    public Pids {
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code limit} replaced}
     *
     * @param limit the new value
     */
    public Pids withLimit(long limit) {
        return new Pids(limit, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Pids withUnknown(UnknownFields unknown) {
        return new Pids(limit, unknown);
    }
}
