package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;

/** Intel Resource Director Technology settings (resctrl). */
public record IntelRdt(
        @Json("closID") String closId,
        List<String> schemata,
        String l3CacheSchema,
        String memBwSchema,
        Boolean enableMonitoring,
        UnknownFields unknown) {
    public IntelRdt {
        schemata = Copies.list(schemata);
        unknown = UnknownFields.orNone(unknown);
    }
}
