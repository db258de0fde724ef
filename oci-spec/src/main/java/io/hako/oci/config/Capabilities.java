package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import java.util.List;

/** The five capability sets of a process, by name ({@code CAP_CHOWN}, ...). */
public record Capabilities(
        List<String> bounding,
        List<String> effective,
        List<String> inheritable,
        List<String> permitted,
        List<String> ambient,
        UnknownFields unknown) {
    public Capabilities {
        bounding = Copies.list(bounding);
        effective = Copies.list(effective);
        inheritable = Copies.list(inheritable);
        permitted = Copies.list(permitted);
        ambient = Copies.list(ambient);
        unknown = UnknownFields.orNone(unknown);
    }
}
