package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;

/** The net_prio priority of one network interface. */
public record InterfacePriority(
        @Json(required = true) String name,
        @Json(num = Json.Num.UINT32) long priority,
        UnknownFields unknown) {
    public InterfacePriority {
        Copies.required(name, "name");
        unknown = UnknownFields.orNone(unknown);
    }
}
