package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import java.util.List;

/**
 * The execution domain ({@code personality(2)}).
 *
 * @param domain {@code LINUX} or {@code LINUX32}
 */
public record Personality(String domain, List<String> flags, UnknownFields unknown) {
    public Personality {
        flags = Copies.list(flags);
        unknown = UnknownFields.orNone(unknown);
    }
}
