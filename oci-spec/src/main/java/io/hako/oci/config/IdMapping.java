package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/** A range of ids mapped from the container to the host. */
public record IdMapping(
        @Json(value = "containerID", num = Json.Num.UINT32) long containerId,
        @Json(value = "hostID", num = Json.Num.UINT32) long hostId,
        @Json(num = Json.Num.UINT32) long size,
        UnknownFields unknown) {
    public IdMapping {
        unknown = UnknownFields.orNone(unknown);
    }

    public IdMapping(long containerId, long hostId, long size) {
        this(containerId, hostId, size, UnknownFields.NONE);
    }
}
