package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;

/** The net_cls class id and net_prio priorities. */
public record Network(
        @Json(value = "classID", num = Json.Num.UINT32) Long classId,
        List<InterfacePriority> priorities,
        UnknownFields unknown) {
    public Network {
        priorities = Copies.list(priorities);
        unknown = UnknownFields.orNone(unknown);
    }
}
