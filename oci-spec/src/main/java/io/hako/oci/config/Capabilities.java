package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import java.util.List;

/**
 * The five capability sets of a process, by name ({@code CAP_CHOWN}, ...).
 *
 * @param bounding the bounding set
 * @param effective the effective set
 * @param inheritable the inheritable set
 * @param permitted the permitted set
 * @param ambient the ambient set
 * @param unknown fields the model does not know, kept as they were read
 */
public record Capabilities(
        List<String> bounding,
        List<String> effective,
        List<String> inheritable,
        List<String> permitted,
        List<String> ambient,
        UnknownFields unknown) {
    /** Keeps unmodifiable copies of the lists; takes null unknown fields for none. */
    public Capabilities {
        bounding = Copies.list(bounding);
        effective = Copies.list(effective);
        inheritable = Copies.list(inheritable);
        permitted = Copies.list(permitted);
        ambient = Copies.list(ambient);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code bounding} replaced}
     *
     * @param bounding the new value, {@code null} for absent
     */
    public Capabilities withBounding(List<String> bounding) {
        return new Capabilities(bounding, effective, inheritable, permitted, ambient, unknown);
    }

    /**
     * {@return a copy with {@code effective} replaced}
     *
     * @param effective the new value, {@code null} for absent
     */
    public Capabilities withEffective(List<String> effective) {
        return new Capabilities(bounding, effective, inheritable, permitted, ambient, unknown);
    }

    /**
     * {@return a copy with {@code inheritable} replaced}
     *
     * @param inheritable the new value, {@code null} for absent
     */
    public Capabilities withInheritable(List<String> inheritable) {
        return new Capabilities(bounding, effective, inheritable, permitted, ambient, unknown);
    }

    /**
     * {@return a copy with {@code permitted} replaced}
     *
     * @param permitted the new value, {@code null} for absent
     */
    public Capabilities withPermitted(List<String> permitted) {
        return new Capabilities(bounding, effective, inheritable, permitted, ambient, unknown);
    }

    /**
     * {@return a copy with {@code ambient} replaced}
     *
     * @param ambient the new value, {@code null} for absent
     */
    public Capabilities withAmbient(List<String> ambient) {
        return new Capabilities(bounding, effective, inheritable, permitted, ambient, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Capabilities withUnknown(UnknownFields unknown) {
        return new Capabilities(bounding, effective, inheritable, permitted, ambient, unknown);
    }
}
