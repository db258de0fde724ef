package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;

/**
 * The container's root filesystem.
 *
 * @param path the root filesystem, absolute or relative to the bundle (required)
 * @param readonly whether the root filesystem is mounted read-only
 */
public record Root(@Json(required = true) String path, Boolean readonly, UnknownFields unknown) {
    public Root {
        Copies.required(path, "path");
        unknown = UnknownFields.orNone(unknown);
    }
}
