package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/**
 * A clock offset of the time namespace.
 *
 * @param secs seconds
 * @param nanosecs nanoseconds
 * @param unknown fields the model does not know, kept as they were read
 */
public record TimeOffset(Long secs, @Json(num = Json.Num.UINT32) Long nanosecs, UnknownFields unknown) {
    /** Takes null unknown fields for none. */
    public TimeOffset {
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code secs} replaced}
     *
     * @param secs the new value, {@code null} for absent
     */
    public TimeOffset withSecs(Long secs) {
        return new TimeOffset(secs, nanosecs, unknown);
    }

    /**
     * {@return a copy with {@code nanosecs} replaced}
     *
     * @param nanosecs the new value, {@code null} for absent
     */
    public TimeOffset withNanosecs(Long nanosecs) {
        return new TimeOffset(secs, nanosecs, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public TimeOffset withUnknown(UnknownFields unknown) {
        return new TimeOffset(secs, nanosecs, unknown);
    }
}
