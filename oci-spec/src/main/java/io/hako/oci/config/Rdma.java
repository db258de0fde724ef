package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/**
 * RDMA limits of one device.
 *
 * @param hcaHandles the most HCA handles
 * @param hcaObjects the most HCA objects
 * @param unknown fields the model does not know, kept as they were read
 */
public record Rdma(
        @Json(num = Json.Num.UINT32) Long hcaHandles,
        @Json(num = Json.Num.UINT32) Long hcaObjects,
        UnknownFields unknown) {
    /** Takes null unknown fields for none. */
    public Rdma {
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code hcaHandles} replaced}
     *
     * @param hcaHandles the new value, {@code null} for absent
     */
    public Rdma withHcaHandles(Long hcaHandles) {
        return new Rdma(hcaHandles, hcaObjects, unknown);
    }

    /**
     * {@return a copy with {@code hcaObjects} replaced}
     *
     * @param hcaObjects the new value, {@code null} for absent
     */
    public Rdma withHcaObjects(Long hcaObjects) {
        return new Rdma(hcaHandles, hcaObjects, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Rdma withUnknown(UnknownFields unknown) {
        return new Rdma(hcaHandles, hcaObjects, unknown);
    }
}
