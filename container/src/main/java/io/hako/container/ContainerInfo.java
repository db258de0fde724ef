package io.hako.container;

import io.hako.oci.config.Hooks;
import java.util.Map;

/**
 * A container as {@code state} and {@code list} report it.
 *
 * @param id its id
 * @param pid the init's pid on the host, 0 once stopped
 * @param status its status, derived when this was read
 * @param bundle the bundle's absolute path
 * @param rootfs the root filesystem's absolute path
 * @param created when it was created, RFC 3339
 * @param annotations the configuration's annotations
 * @param owner the name of the user who created it
 * @param ociVersion the spec version of its configuration
 * @param hooks the configuration's hooks, of which poststart (run by start) and poststop (run by delete) are still
 *     to come; null when it has none
 */
public record ContainerInfo(String id, int pid, Status status, String bundle, String rootfs, String created,
        Map<String, String> annotations, String owner, String ociVersion, Hooks hooks) {
    /** Copies the annotations, which must not be null: the record is immutable. */
    public ContainerInfo {
        annotations = Map.copyOf(annotations);
    }
}
