package io.hako.oci.config;

import io.hako.oci.UnknownFields;

/**
 * The limit on the number of tasks; 0 or -1 means none.
 *
 * @param limit the most tasks the cgroup may hold
 * @param unknown fields the model does not know, kept as they were read
 */
public record Pids(long limit, UnknownFields unknown) {
    /** Takes null unknown fields for none. */
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
