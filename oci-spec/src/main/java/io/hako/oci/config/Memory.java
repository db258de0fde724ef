package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/** Memory limits, in bytes; -1 means unlimited. */
public record Memory(
        Long limit,
        Long reservation,
        Long swap,
        Long kernel,
        @Json("kernelTCP") Long kernelTcp,
        @Json(num = Json.Num.UINT64) Long swappiness,
        @Json("disableOOMKiller") Boolean disableOomKiller,
        Boolean useHierarchy,
        Boolean checkBeforeUpdate,
        UnknownFields unknown) {
    public Memory {
        unknown = UnknownFields.orNone(unknown);
    }
}
