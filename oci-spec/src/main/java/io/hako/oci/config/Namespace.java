package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;

/**
 * A namespace to create, or to join when {@code path} is set.
 *
 * @param type the kind (required)
 * @param path a namespace file to join, such as {@code /proc/1234/ns/net}
 */
public record Namespace(@Json(required = true) NamespaceType type, String path, UnknownFields unknown) {
    public Namespace {
        Copies.required(type, "type");
        unknown = UnknownFields.orNone(unknown);
    }

    public Namespace(NamespaceType type) {
        this(type, null, UnknownFields.NONE);
    }
}
