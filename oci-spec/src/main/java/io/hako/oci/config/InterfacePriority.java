package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;

/**
 * The net_prio priority of one network interface.
 *
 * @param name the interface (required)
 * @param priority its priority
 * @param unknown fields the model does not know, kept as they were read
 */
public record InterfacePriority(
        @Json(required = true) String name,
        @Json(num = Json.Num.UINT32) long priority,
        UnknownFields unknown) {
    /** Refuses a null {@code name}; takes null unknown fields for none. */
    public InterfacePriority {
        Copies.required(name, "name");
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code name} replaced}
     *
     * @param name the new value (required)
     */
    public InterfacePriority withName(String name) {
        return new InterfacePriority(name, priority, unknown);
    }

    /**
     * {@return a copy with {@code priority} replaced}
     *
     * @param priority the new value
     */
    public InterfacePriority withPriority(long priority) {
        return new InterfacePriority(name, priority, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public InterfacePriority withUnknown(UnknownFields unknown) {
        return new InterfacePriority(name, priority, unknown);
    }
}
