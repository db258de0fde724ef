package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/** A terminal's size in characters. */
public record ConsoleSize(
        @Json(num = Json.Num.UINT64) long height,
        @Json(num = Json.Num.UINT64) long width,
        UnknownFields unknown) {
    public ConsoleSize {
        unknown = UnknownFields.orNone(unknown);
    }
}
