package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;

/**
 * A hugetlb limit.
 *
 * @param pageSize the page size, {@code 2MB} for example (required)
 * @param limit bytes
 */
public record HugepageLimit(
        @Json(required = true) String pageSize,
        @Json(num = Json.Num.UINT64) long limit,
        UnknownFields unknown) {
    public HugepageLimit {
        Copies.required(pageSize, "pageSize");
        unknown = UnknownFields.orNone(unknown);
    }
}
