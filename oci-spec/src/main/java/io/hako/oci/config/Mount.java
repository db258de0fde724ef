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
 */
public record Mount(
        @Json(required = true) String destination,
        String type,
        String source,
        List<String> options,
        List<IdMapping> uidMappings,
        List<IdMapping> gidMappings,
        UnknownFields unknown) {
    public Mount {
        Copies.required(destination, "destination");
        options = Copies.list(options);
        uidMappings = Copies.list(uidMappings);
        gidMappings = Copies.list(gidMappings);
        unknown = UnknownFields.orNone(unknown);
    }
}
