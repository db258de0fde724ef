package io.hako.oci.state;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;

/**
 * What a runtime sends with descriptors it hands over, such as a seccomp notify listener to
 * {@code linux.seccomp.listenerPath} (runtime-spec {@code config-linux.md}, "The Container Process State").
 *
 * @param ociVersion the spec version (required)
 * @param fds the names of the descriptors sent with the message, in their order ({@code seccompFd}) (required)
 * @param pid the container process's pid on the host (required)
 * @param metadata {@code linux.seccomp.listenerMetadata}, opaque to the runtime
 * @param state the container's state (required)
 * @param unknown fields not modelled here
 */
public record ContainerProcessState(
        @Json(required = true) String ociVersion,
        @Json(required = true) List<String> fds,
        @Json(required = true) int pid,
        String metadata,
        @Json(required = true) State state,
        UnknownFields unknown) {
    /** The name of a seccomp notify listener in {@link #fds}. */
    public static final String SECCOMP_FD = "seccompFd";

    /**
     * Refuses a null {@code ociVersion} or a null {@code fds} or a null {@code state}; keeps unmodifiable copies of the
     * lists; takes null unknown fields for none.
     */
    public ContainerProcessState {
        Copies.required(ociVersion, "ociVersion");
        Copies.required(fds, "fds");
        Copies.required(state, "state");
        fds = Copies.list(fds);
        unknown = UnknownFields.orNone(unknown);
    }
}
