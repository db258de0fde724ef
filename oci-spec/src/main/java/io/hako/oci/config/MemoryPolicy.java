package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import java.util.List;

/**
 * The NUMA memory policy ({@code set_mempolicy(2)}).
 *
 * @param mode {@code MPOL_BIND}, ...
 * @param nodes a node list, {@code 0-3,7} for example
 */
public record MemoryPolicy(String mode, String nodes, List<String> flags, UnknownFields unknown) {
    public MemoryPolicy {
        flags = Copies.list(flags);
        unknown = UnknownFields.orNone(unknown);
    }
}
