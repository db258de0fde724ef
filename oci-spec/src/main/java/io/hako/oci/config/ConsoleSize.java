package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/**
 * A terminal's size in characters.
 *
 * @param height rows
 * @param width columns
 * @param unknown fields the model does not know, kept as they were read
 */
public record ConsoleSize(
        @Json(num = Json.Num.UINT64) long height,
        @Json(num = Json.Num.UINT64) long width,
        UnknownFields unknown) {
    /** Takes null unknown fields for none. */
    public ConsoleSize {
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code height} replaced}
     *
     * @param height the new value
     */
    public ConsoleSize withHeight(long height) {
        return new ConsoleSize(height, width, unknown);
    }

    /**
     * {@return a copy with {@code width} replaced}
     *
     * @param width the new value
     */
    public ConsoleSize withWidth(long width) {
        return new ConsoleSize(height, width, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public ConsoleSize withUnknown(UnknownFields unknown) {
        return new ConsoleSize(height, width, unknown);
    }
}
