package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;

/**
 * A resource limit. {@code hard} and {@code soft} are unsigned: -1 is 2^64-1, RLIM_INFINITY.
 *
 * @param type the limit, {@code RLIMIT_NOFILE} for example (required)
 * @param hard the hard limit
 * @param soft the soft limit
 * @param unknown fields the model does not know, kept as they were read
 */
public record Rlimit(
        @Json(required = true) String type,
        @Json(num = Json.Num.UINT64) long hard,
        @Json(num = Json.Num.UINT64) long soft,
        UnknownFields unknown) {
    /** Refuses a null {@code type}; takes null unknown fields for none. */
    public Rlimit {
        Copies.required(type, "type");
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code type} replaced}
     *
     * @param type the new value (required)
     */
    public Rlimit withType(String type) {
        return new Rlimit(type, hard, soft, unknown);
    }

    /**
     * {@return a copy with {@code hard} replaced}
     *
     * @param hard the new value
     */
    public Rlimit withHard(long hard) {
        return new Rlimit(type, hard, soft, unknown);
    }

    /**
     * {@return a copy with {@code soft} replaced}
     *
     * @param soft the new value
     */
    public Rlimit withSoft(long soft) {
        return new Rlimit(type, hard, soft, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Rlimit withUnknown(UnknownFields unknown) {
        return new Rlimit(type, hard, soft, unknown);
    }
}
