package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/**
 * The CPU affinity of the process while the runtime sets it up and after it starts, as cpu lists ({@code 0-3,7}).
 *
 * @param initial the affinity while the runtime works in the container
 * @param finalCpus the affinity of the started process (JSON {@code final})
 * @param unknown fields the model does not know, kept as they were read
 */
public record ExecCpuAffinity(String initial, @Json("final") String finalCpus, UnknownFields unknown) {
    /** Takes null unknown fields for none. */
    public ExecCpuAffinity {
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code initial} replaced}
     *
     * @param initial the new value, {@code null} for absent
     */
    public ExecCpuAffinity withInitial(String initial) {
        return new ExecCpuAffinity(initial, finalCpus, unknown);
    }

    /**
     * {@return a copy with {@code finalCpus} replaced}
     *
     * @param finalCpus the new value, {@code null} for absent
     */
    public ExecCpuAffinity withFinalCpus(String finalCpus) {
        return new ExecCpuAffinity(initial, finalCpus, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public ExecCpuAffinity withUnknown(UnknownFields unknown) {
        return new ExecCpuAffinity(initial, finalCpus, unknown);
    }
}
