package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/** A block I/O weight for one device. */
public record WeightDevice(
        long major,
        long minor,
        @Json(num = Json.Num.UINT16) Integer weight,
        @Json(num = Json.Num.UINT16) Integer leafWeight,
        UnknownFields unknown) {
    public WeightDevice {
        unknown = UnknownFields.orNone(unknown);
    }
}
