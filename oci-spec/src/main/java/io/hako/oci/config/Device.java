package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;

/**
 * A device node to create in the container.
 *
 * @param type {@code c}, {@code b}, {@code u} or {@code p} (required)
 * @param path its absolute path in the container (required)
 * @param fileMode its permission bits
 */
public record Device(
        @Json(required = true) String type,
        @Json(required = true) String path,
        Long major,
        Long minor,
        Integer fileMode,
        @Json(num = Json.Num.UINT32) Long uid,
        @Json(num = Json.Num.UINT32) Long gid,
        UnknownFields unknown) {
    public Device {
        Copies.required(type, "type");
        Copies.required(path, "path");
        unknown = UnknownFields.orNone(unknown);
    }
}
