package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import java.util.List;

/**
 * The execution domain ({@code personality(2)}).
 *
 * @param domain {@code LINUX} or {@code LINUX32}
 * @param flags personality flags
 * @param unknown fields the model does not know, kept as they were read
 */
public record Personality(String domain, List<String> flags, UnknownFields unknown) {
    /** Keeps unmodifiable copies of the lists; takes null unknown fields for none. */
    public Personality {
        flags = Copies.list(flags);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code domain} replaced}
     *
     * @param domain the new value, {@code null} for absent
     */
    public Personality withDomain(String domain) {
        return new Personality(domain, flags, unknown);
    }

    /**
     * {@return a copy with {@code flags} replaced}
     *
     * @param flags the new value, {@code null} for absent
     */
    public Personality withFlags(List<String> flags) {
        return new Personality(domain, flags, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Personality withUnknown(UnknownFields unknown) {
        return new Personality(domain, flags, unknown);
    }
}
