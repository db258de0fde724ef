package io.hako.oci.state;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.Map;

/**
 * The state of a container, as the {@code state} operation reports it (runtime-spec {@code state.md}).
 *
 * @param ociVersion the spec version (required)
 * @param id the container's id (required)
 * @param status {@code creating}, {@code created}, {@code running}, {@code paused} or {@code stopped} (required)
 * @param pid the container process's pid on the host; absent or 0 once stopped
 * @param bundle the absolute path of the bundle (required)
 * @param annotations the configuration's annotations
 * @param unknown fields not modelled here, such as runc's {@code rootfs}, {@code created} and {@code owner}
 */
public record State(
        @Json(required = true) String ociVersion,
        @Json(required = true) String id,
        @Json(required = true) String status,
        Integer pid,
        @Json(required = true) String bundle,
        Map<String, String> annotations,
        UnknownFields unknown) {
    /**
     * Refuses a null {@code ociVersion} or a null {@code id} or a null {@code status} or a null {@code bundle}; keeps
     * unmodifiable copies of the maps; takes null unknown fields for none.
     */
    public State {
        Copies.required(ociVersion, "ociVersion");
        Copies.required(id, "id");
        Copies.required(status, "status");
        Copies.required(bundle, "bundle");
        annotations = Copies.map(annotations);
        unknown = UnknownFields.orNone(unknown);
    }
}
