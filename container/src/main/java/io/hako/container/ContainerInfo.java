package io.hako.container;

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
 */
public record ContainerInfo(String id, int pid, Status status, String bundle, String rootfs, String created,
        Map<String, String> annotations, String owner, String ociVersion) {
    public ContainerInfo {
        annotations = Map.copyOf(annotations);
    }
}
