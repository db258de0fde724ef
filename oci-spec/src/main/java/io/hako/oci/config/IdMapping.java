package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/**
 * A range of ids mapped from the container to the host.
 *
 * @param containerId the first id in the container (JSON {@code containerID})
 * @param hostId the first id on the host (JSON {@code hostID})
 * @param size how many ids
 * @param unknown fields the model does not know, kept as they were read
 */
public record IdMapping(
        @Json(value = "containerID", num = Json.Num.UINT32) long containerId,
        @Json(value = "hostID", num = Json.Num.UINT32) long hostId,
        @Json(num = Json.Num.UINT32) long size,
        UnknownFields unknown) {
    /** Takes null unknown fields for none. */
    public IdMapping {
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * A mapping with no unknown fields.
     *
     * @param containerId the first id in the container
     * @param hostId the first id on the host
     * @param size how many ids
     */
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
