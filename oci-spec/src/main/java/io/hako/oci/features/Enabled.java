package io.hako.oci.features;

import io.hako.oci.UnknownFields;

/** A feature that is simply on or off. */
public record Enabled(Boolean enabled, UnknownFields unknown) {
    public Enabled {
        unknown = UnknownFields.orNone(unknown);
    }

    public static Enabled of(boolean enabled) {
        return new Enabled(enabled, UnknownFields.NONE);
    }
}
