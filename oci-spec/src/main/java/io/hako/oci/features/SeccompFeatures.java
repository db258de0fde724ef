package io.hako.oci.features;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import java.util.List;

/** What a runtime's seccomp support covers. */
public record SeccompFeatures(
        Boolean enabled,
        List<String> actions,
        List<String> operators,
        List<String> archs,
        List<String> knownFlags,
        List<String> supportedFlags,
        UnknownFields unknown) {
    public SeccompFeatures {
        actions = Copies.list(actions);
        operators = Copies.list(operators);
        archs = Copies.list(archs);
        knownFlags = Copies.list(knownFlags);
        supportedFlags = Copies.list(supportedFlags);
        unknown = UnknownFields.orNone(unknown);
    }
}
