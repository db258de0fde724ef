package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;

/**
 * A hugetlb limit.
 *
 * @param pageSize the page size, {@code 2MB} for example (required)
 * @param limit bytes
 * @param unknown fields the model does not know, kept as they were read
 */
public record HugepageLimit(
        @Json(required = true) String pageSize,
        @Json(num = Json.Num.UINT64) long limit,
        UnknownFields unknown) {
    /** Refuses a null {@code pageSize}; takes null unknown fields for none. */
    public HugepageLimit {
        Copies.required(pageSize, "pageSize");
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code pageSize} replaced}
     *
     * @param pageSize the new value (required)
     */
    public HugepageLimit withPageSize(String pageSize) {
        return new HugepageLimit(pageSize, limit, unknown);
    }

    /**
     * {@return a copy with {@code limit} replaced}
     *
     * @param limit the new value
     */
    public HugepageLimit withLimit(long limit) {
        return new HugepageLimit(pageSize, limit, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public HugepageLimit withUnknown(UnknownFields unknown) {
        return new HugepageLimit(pageSize, limit, unknown);
    }
}
