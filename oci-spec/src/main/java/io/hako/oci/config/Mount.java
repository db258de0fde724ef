package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;

/**
 * A mount in the container.
 *
 * @param destination where to mount, absolute in the container (required)
 * @param type the filesystem type
 * @param source a device, a file or directory for binds, or a name
 * @param options {@code mount(8)} style options
 * @param uidMappings an id-mapped mount's uid mappings
 * @param gidMappings an id-mapped mount's gid mappings
 * @param unknown fields the model does not know, kept as they were read
 */
public record Mount(
        @Json(required = true) String destination,
        String type,
        String source,
        List<String> options,
        List<IdMapping> uidMappings,
        List<IdMapping> gidMappings,
        UnknownFields unknown) {
    /**
     * Refuses a null {@code destination}; keeps unmodifiable copies of the lists; takes null unknown fields for none.
     */
    public Mount {
        Copies.required(destination, "destination");
        options = Copies.list(options);
        uidMappings = Copies.list(uidMappings);
        gidMappings = Copies.list(gidMappings);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code destination} replaced}
     *
     * @param destination the new value (required)
     */
    public Mount withDestination(String destination) {
        return new Mount(destination, type, source, options, uidMappings, gidMappings, unknown);
    }

    /**
     * {@return a copy with {@code type} replaced}
     *
     * @param type the new value, {@code null} for absent
     */
    public Mount withType(String type) {
        return new Mount(destination, type, source, options, uidMappings, gidMappings, unknown);
    }

    /**
     * {@return a copy with {@code source} replaced}
     *
     * @param source the new value, {@code null} for absent
     */
    public Mount withSource(String source) {
        return new Mount(destination, type, source, options, uidMappings, gidMappings, unknown);
    }

    /**
     * {@return a copy with {@code options} replaced}
     *
     * @param options the new value, {@code null} for absent
     */
    public Mount withOptions(List<String> options) {
        return new Mount(destination, type, source, options, uidMappings, gidMappings, unknown);
    }

    /**
     * {@return a copy with {@code uidMappings} replaced}
     *
     * @param uidMappings the new value, {@code null} for absent
     */
    public Mount withUidMappings(List<IdMapping> uidMappings) {
        return new Mount(destination, type, source, options, uidMappings, gidMappings, unknown);
    }

    /**
     * {@return a copy with {@code gidMappings} replaced}
     *
     * @param gidMappings the new value, {@code null} for absent
     */
    public Mount withGidMappings(List<IdMapping> gidMappings) {
        return new Mount(destination, type, source, options, uidMappings, gidMappings, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Mount withUnknown(UnknownFields unknown) {
        return new Mount(destination, type, source, options, uidMappings, gidMappings, unknown);
    }
}
