package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/** A clock offset of the time namespace. */
public record TimeOffset(Long secs, @Json(num = Json.Num.UINT32) Long nanosecs, UnknownFields unknown) {
    public TimeOffset {
        unknown = UnknownFields.orNone(unknown);
    }
}
