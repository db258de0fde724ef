package io.hako.oci.config;

import io.hako.oci.UnknownFields;

/** A network device moved into the container; {@code name} renames it there. */
public record NetDevice(String name, UnknownFields unknown) {
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
