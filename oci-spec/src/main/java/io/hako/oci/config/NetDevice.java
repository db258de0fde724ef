package io.hako.oci.config;

import io.hako.oci.UnknownFields;

/**
 * A network device moved into the container; {@code name} renames it there.
 *
 * @param name its name in the container; absent keeps its name on the host
 * @param unknown fields the model does not know, kept as they were read
 */
public record NetDevice(String name, UnknownFields unknown) {
    /** Takes null unknown fields for none. */
    public NetDevice {
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code name} replaced}
     *
     * @param name the new value, {@code null} for absent
     */
    public NetDevice withName(String name) {
        return new NetDevice(name, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public NetDevice withUnknown(UnknownFields unknown) {
        return new NetDevice(name, unknown);
    }
}
