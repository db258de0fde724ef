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

    /**
     * {@return a copy with {@code containerId} replaced}
     *
     * @param containerId the new value
     */
    public IdMapping withContainerId(long containerId) {
        return new IdMapping(containerId, hostId, size, unknown);
    }

    /**
     * {@return a copy with {@code hostId} replaced}
     *
     * @param hostId the new value
     */
    public IdMapping withHostId(long hostId) {
        return new IdMapping(containerId, hostId, size, unknown);
    }

    /**
     * {@return a copy with {@code size} replaced}
     *
     * @param size the new value
     */
    public IdMapping withSize(long size) {
        return new IdMapping(containerId, hostId, size, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public IdMapping withUnknown(UnknownFields unknown) {
        return new IdMapping(containerId, hostId, size, unknown);
    }
}
