package io.hako.oci.features;

import io.hako.oci.UnknownFields;

/**
 * A feature that is simply on or off.
 *
 * @param enabled whether it is on
 * @param unknown fields the model does not know, kept as they were read
 */
public record Enabled(Boolean enabled, UnknownFields unknown) {
    /** Takes null unknown fields for none. */
    public Enabled {
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a feature on or off, with no unknown fields}
     *
     * @param enabled whether it is on
     */
    public static Enabled of(boolean enabled) {
        return new Enabled(enabled, UnknownFields.NONE);
    }
}
