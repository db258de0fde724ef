package io.hako.oci.features;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import java.util.List;

/**
 * What a runtime's seccomp support covers.
 *
 * @param enabled whether seccomp is supported
 * @param actions the actions known
 * @param operators the argument operators known
 * @param archs the architectures known
 * @param knownFlags the filter flags known
 * @param supportedFlags the filter flags the kernel supports
 * @param unknown fields the model does not know, kept as they were read
 */
public record SeccompFeatures(
        Boolean enabled,
        List<String> actions,
        List<String> operators,
        List<String> archs,
        List<String> knownFlags,
        List<String> supportedFlags,
        UnknownFields unknown) {
    /** Keeps unmodifiable copies of the lists; takes null unknown fields for none. */
    public SeccompFeatures {
        actions = Copies.list(actions);
        operators = Copies.list(operators);
        archs = Copies.list(archs);
        knownFlags = Copies.list(knownFlags);
        supportedFlags = Copies.list(supportedFlags);
        unknown = UnknownFields.orNone(unknown);
    }
}
