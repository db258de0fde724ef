package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;

/**
 * A namespace to create, or to join when {@code path} is set.
 *
 * @param type the kind (required)
 * @param path a namespace file to join, such as {@code /proc/1234/ns/net}
 * @param unknown fields the model does not know, kept as they were read
 */
public record Namespace(@Json(required = true) NamespaceType type, String path, UnknownFields unknown) {
    /** Refuses a null {@code type}; takes null unknown fields for none. */
    public Namespace {
        Copies.required(type, "type");
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * A new namespace of {@code type}, to create rather than join.
     *
     * @param type the kind
     */
    public Namespace(NamespaceType type) {
        this(type, null, UnknownFields.NONE);
    }

    /**
     * {@return a copy with {@code type} replaced}
     *
     * @param type the new value (required)
     */
    public Namespace withType(NamespaceType type) {
        return new Namespace(type, path, unknown);
    }

    /**
     * {@return a copy with {@code path} replaced}
     *
     * @param path the new value, {@code null} for absent
     */
    public Namespace withPath(String path) {
        return new Namespace(type, path, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Namespace withUnknown(UnknownFields unknown) {
        return new Namespace(type, path, unknown);
    }
}
