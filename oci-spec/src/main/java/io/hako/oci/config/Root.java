package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;

/**
 * The container's root filesystem.
 *
 * @param path the root filesystem, absolute or relative to the bundle (required)
 * @param readonly whether the root filesystem is mounted read-only
 * @param unknown fields the model does not know, kept as they were read
 */
public record Root(@Json(required = true) String path, Boolean readonly, UnknownFields unknown) {
    /** Refuses a null {@code path}; takes null unknown fields for none. */
    public Root {
        Copies.required(path, "path");
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code path} replaced}
     *
     * @param path the new value (required)
     */
    public Root withPath(String path) {
        return new Root(path, readonly, unknown);
    }

    /**
     * {@return a copy with {@code readonly} replaced}
     *
     * @param readonly the new value, {@code null} for absent
     */
    public Root withReadonly(Boolean readonly) {
        return new Root(path, readonly, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Root withUnknown(UnknownFields unknown) {
        return new Root(path, readonly, unknown);
    }
}
