package io.hako.oci.config;

import io.hako.oci.UnknownFields;

/** A network device moved into the container; {@code name} renames it there. */
public record NetDevice(String name, UnknownFields unknown) {
    public NetDevice {
        unknown = UnknownFields.orNone(unknown);
    }
}
