package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;

/**
 * The scheduling policy and parameters of a process ({@code sched_setattr(2)}).
 *
 * @param policy {@code SCHED_OTHER}, {@code SCHED_FIFO}, ... (required)
 */
public record Scheduler(
        @Json(required = true) String policy,
        Integer nice,
        Integer priority,
        List<String> flags,
        @Json(num = Json.Num.UINT64) Long runtime,
        @Json(num = Json.Num.UINT64) Long deadline,
        @Json(num = Json.Num.UINT64) Long period,
        UnknownFields unknown) {
    public Scheduler {
        Copies.required(policy, "policy");
        flags = Copies.list(flags);
        unknown = UnknownFields.orNone(unknown);
    }
}
