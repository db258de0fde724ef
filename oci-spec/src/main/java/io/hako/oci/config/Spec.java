package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;
import java.util.Map;

/**
 * A container's configuration: {@code config.json} of an OCI bundle (runtime-spec {@code config.md}).
 * Every component is optional unless marked required; {@code null} means the field is absent.
 *
 * @param ociVersion the spec version the document complies with (required)
 * @param root the container's root filesystem
 * @param process the process to run
 * @param hostname the container's hostname (needs its own UTS namespace)
 * @param domainname the container's NIS domain name (needs its own UTS namespace)
 * @param mounts additional mounts, in order
 * @param hooks lifecycle hooks
 * @param annotations arbitrary metadata
 * @param linux the Linux-specific section
 * @param unknown fields not modelled here, such as other platforms' sections
 */
public record Spec(
        @Json(required = true) String ociVersion,
        Root root,
        Process process,
        String hostname,
        String domainname,
        List<Mount> mounts,
        Hooks hooks,
        Map<String, String> annotations,
        Linux linux,
        UnknownFields unknown) {
    public Spec {
        Copies.required(ociVersion, "ociVersion");
        mounts = Copies.list(mounts);
        annotations = Copies.map(annotations);
        unknown = UnknownFields.orNone(unknown);
    }

    /** A copy with another process. */
    public Spec withProcess(Process process) {
        return new Spec(ociVersion, root, process, hostname, domainname, mounts, hooks, annotations, linux, unknown);
    }

    /** A copy with another root. */
    public Spec withRoot(Root root) {
        return new Spec(ociVersion, root, process, hostname, domainname, mounts, hooks, annotations, linux, unknown);
    }

    /** A copy with another Linux section. */
    public Spec withLinux(Linux linux) {
        return new Spec(ociVersion, root, process, hostname, domainname, mounts, hooks, annotations, linux, unknown);
    }

    /** A copy with other mounts. */
    public Spec withMounts(List<Mount> mounts) {
        return new Spec(ociVersion, root, process, hostname, domainname, mounts, hooks, annotations, linux, unknown);
    }

    /** A copy with other hooks. */
    public Spec withHooks(Hooks hooks) {
        return new Spec(ociVersion, root, process, hostname, domainname, mounts, hooks, annotations, linux, unknown);
    }
}
