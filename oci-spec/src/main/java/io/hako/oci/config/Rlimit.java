package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;

/**
 * A resource limit. {@code hard} and {@code soft} are unsigned: -1 is 2^64-1, RLIM_INFINITY.
 *
 * @param type the limit, {@code RLIMIT_NOFILE} for example (required)
 */
public record Rlimit(
        @Json(required = true) String type,
        @Json(num = Json.Num.UINT64) long hard,
        @Json(num = Json.Num.UINT64) long soft,
        UnknownFields unknown) {
    public Rlimit {
        Copies.required(type, "type");
        unknown = UnknownFields.orNone(unknown);
    }
}
