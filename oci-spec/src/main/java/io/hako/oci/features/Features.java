package io.hako.oci.features;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;
import java.util.Map;

/**
 * What a runtime implements (runtime-spec {@code features.md}): the answer of the {@code features} command.
 *
 * @param ociVersionMin the oldest spec version supported (required)
 * @param ociVersionMax the newest spec version supported (required)
 * @param hooks the hook kinds supported
 * @param mountOptions the mount options recognised
 * @param linux the Linux features
 * @param annotations runtime-specific facts
 * @param potentiallyUnsafeConfigAnnotations annotations (or prefixes ending in a dot) that can change behaviour
 * @param unknown fields the model does not know, kept as they were read
 */
public record Features(
        @Json(required = true) String ociVersionMin,
        @Json(required = true) String ociVersionMax,
        List<String> hooks,
        List<String> mountOptions,
        LinuxFeatures linux,
        Map<String, String> annotations,
        List<String> potentiallyUnsafeConfigAnnotations,
        UnknownFields unknown) {
    /**
     * Refuses a null {@code ociVersionMin} or a null {@code ociVersionMax}; keeps unmodifiable copies of the lists and
     * maps; takes null unknown fields for none.
     */
    public Features {
        Copies.required(ociVersionMin, "ociVersionMin");
        Copies.required(ociVersionMax, "ociVersionMax");
        hooks = Copies.list(hooks);
        mountOptions = Copies.list(mountOptions);
        annotations = Copies.map(annotations);
        potentiallyUnsafeConfigAnnotations = Copies.list(potentiallyUnsafeConfigAnnotations);
        unknown = UnknownFields.orNone(unknown);
    }
}
