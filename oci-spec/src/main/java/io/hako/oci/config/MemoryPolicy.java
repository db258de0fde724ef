package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import java.util.List;

/**
 * The NUMA memory policy ({@code set_mempolicy(2)}).
 *
 * @param mode {@code MPOL_BIND}, ...
 * @param nodes a node list, {@code 0-3,7} for example
 * @param flags {@code MPOL_F_*} flags
 * @param unknown fields the model does not know, kept as they were read
 */
public record MemoryPolicy(String mode, String nodes, List<String> flags, UnknownFields unknown) {
    /** Keeps unmodifiable copies of the lists; takes null unknown fields for none. */
    public MemoryPolicy {
        flags = Copies.list(flags);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code mode} replaced}
     *
     * @param mode the new value, {@code null} for absent
     */
    public MemoryPolicy withMode(String mode) {
        return new MemoryPolicy(mode, nodes, flags, unknown);
    }

    /**
     * {@return a copy with {@code nodes} replaced}
     *
     * @param nodes the new value, {@code null} for absent
     */
    public MemoryPolicy withNodes(String nodes) {
        return new MemoryPolicy(mode, nodes, flags, unknown);
    }

    /**
     * {@return a copy with {@code flags} replaced}
     *
     * @param flags the new value, {@code null} for absent
     */
    public MemoryPolicy withFlags(List<String> flags) {
        return new MemoryPolicy(mode, nodes, flags, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public MemoryPolicy withUnknown(UnknownFields unknown) {
        return new MemoryPolicy(mode, nodes, flags, unknown);
    }
}
