package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/** CPU limits: shares, CFS quota and period, real-time budget, cpusets, idle. */
public record Cpu(
        @Json(num = Json.Num.UINT64) Long shares,
        Long quota,
        @Json(num = Json.Num.UINT64) Long burst,
        @Json(num = Json.Num.UINT64) Long period,
        Long realtimeRuntime,
        @Json(num = Json.Num.UINT64) Long realtimePeriod,
        String cpus,
        String mems,
        Long idle,
        UnknownFields unknown) {
    public Cpu {
        unknown = UnknownFields.orNone(unknown);
    }
}
