package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;

/**
 * Intel Resource Director Technology settings (resctrl).
 *
 * @param closId the resctrl group (JSON {@code closID})
 * @param schemata lines for the group's schemata file
 * @param l3CacheSchema the L3 cache line of the schemata
 * @param memBwSchema the memory bandwidth line, {@code MB:...}
 * @param enableMonitoring whether to make a monitoring group
 * @param unknown fields the model does not know, kept as they were read
 */
public record IntelRdt(
        @Json("closID") String closId,
        List<String> schemata,
        String l3CacheSchema,
        String memBwSchema,
        Boolean enableMonitoring,
        UnknownFields unknown) {
    /** Keeps unmodifiable copies of the lists; takes null unknown fields for none. */
    public IntelRdt {
        schemata = Copies.list(schemata);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code closId} replaced}
     *
     * @param closId the new value, {@code null} for absent
     */
    public IntelRdt withClosId(String closId) {
        return new IntelRdt(closId, schemata, l3CacheSchema, memBwSchema, enableMonitoring, unknown);
    }

    /**
     * {@return a copy with {@code schemata} replaced}
     *
     * @param schemata the new value, {@code null} for absent
     */
    public IntelRdt withSchemata(List<String> schemata) {
        return new IntelRdt(closId, schemata, l3CacheSchema, memBwSchema, enableMonitoring, unknown);
    }

    /**
     * {@return a copy with {@code l3CacheSchema} replaced}
     *
     * @param l3CacheSchema the new value, {@code null} for absent
     */
    public IntelRdt withL3CacheSchema(String l3CacheSchema) {
        return new IntelRdt(closId, schemata, l3CacheSchema, memBwSchema, enableMonitoring, unknown);
    }

    /**
     * {@return a copy with {@code memBwSchema} replaced}
     *
     * @param memBwSchema the new value, {@code null} for absent
     */
    public IntelRdt withMemBwSchema(String memBwSchema) {
        return new IntelRdt(closId, schemata, l3CacheSchema, memBwSchema, enableMonitoring, unknown);
    }

    /**
     * {@return a copy with {@code enableMonitoring} replaced}
     *
     * @param enableMonitoring the new value, {@code null} for absent
     */
    public IntelRdt withEnableMonitoring(Boolean enableMonitoring) {
        return new IntelRdt(closId, schemata, l3CacheSchema, memBwSchema, enableMonitoring, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public IntelRdt withUnknown(UnknownFields unknown) {
        return new IntelRdt(closId, schemata, l3CacheSchema, memBwSchema, enableMonitoring, unknown);
    }
}
