package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/** RDMA limits of one device. */
public record Rdma(
        @Json(num = Json.Num.UINT32) Long hcaHandles,
        @Json(num = Json.Num.UINT32) Long hcaObjects,
        UnknownFields unknown) {
    public Rdma {
        unknown = UnknownFields.orNone(unknown);
    }
}
