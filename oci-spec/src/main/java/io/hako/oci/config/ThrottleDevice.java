package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/** A block I/O rate limit (bytes or operations per second) for one device. */
public record ThrottleDevice(long major, long minor, @Json(num = Json.Num.UINT64) Long rate, UnknownFields unknown) {
    public ThrottleDevice {
        unknown = UnknownFields.orNone(unknown);
    }
}
