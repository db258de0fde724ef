package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

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
    /** The process {@link #editProcess} starts from when there is none: {@code cwd} {@code /}, nothing else. */
    private static final Process NO_PROCESS = new Process(null, null, null, null, null, null, "/", null, null, null,
            null, null, null, null, null, null, null);

    /**
     * Refuses a null {@code ociVersion}; keeps unmodifiable copies of the lists and maps; takes null unknown fields
     * for none.
     */
    public Spec {
        Copies.required(ociVersion, "ociVersion");
        mounts = Copies.list(mounts);
        annotations = Copies.map(annotations);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code ociVersion} replaced}
     *
     * @param ociVersion the new value (required)
     */
    public Spec withOciVersion(String ociVersion) {
        return new Spec(ociVersion, root, process, hostname, domainname, mounts, hooks, annotations, linux, unknown);
    }

    /**
     * {@return a copy with {@code root} replaced}
     *
     * @param root the new value, {@code null} for absent
     */
    public Spec withRoot(Root root) {
        return new Spec(ociVersion, root, process, hostname, domainname, mounts, hooks, annotations, linux, unknown);
    }

    /**
     * {@return a copy with {@code process} replaced}
     *
     * @param process the new value, {@code null} for absent
     */
    public Spec withProcess(Process process) {
        return new Spec(ociVersion, root, process, hostname, domainname, mounts, hooks, annotations, linux, unknown);
    }

    /**
     * {@return a copy with {@code hostname} replaced}
     *
     * @param hostname the new value, {@code null} for absent
     */
    public Spec withHostname(String hostname) {
        return new Spec(ociVersion, root, process, hostname, domainname, mounts, hooks, annotations, linux, unknown);
    }

    /**
     * {@return a copy with {@code domainname} replaced}
     *
     * @param domainname the new value, {@code null} for absent
     */
    public Spec withDomainname(String domainname) {
        return new Spec(ociVersion, root, process, hostname, domainname, mounts, hooks, annotations, linux, unknown);
    }

    /**
     * {@return a copy with {@code mounts} replaced}
     *
     * @param mounts the new value, {@code null} for absent
     */
    public Spec withMounts(List<Mount> mounts) {
        return new Spec(ociVersion, root, process, hostname, domainname, mounts, hooks, annotations, linux, unknown);
    }

    /**
     * {@return a copy with {@code hooks} replaced}
     *
     * @param hooks the new value, {@code null} for absent
     */
    public Spec withHooks(Hooks hooks) {
        return new Spec(ociVersion, root, process, hostname, domainname, mounts, hooks, annotations, linux, unknown);
    }

    /**
     * {@return a copy with {@code annotations} replaced}
     *
     * @param annotations the new value, {@code null} for absent
     */
    public Spec withAnnotations(Map<String, String> annotations) {
        return new Spec(ociVersion, root, process, hostname, domainname, mounts, hooks, annotations, linux, unknown);
    }

    /**
     * {@return a copy with {@code linux} replaced}
     *
     * @param linux the new value, {@code null} for absent
     */
    public Spec withLinux(Linux linux) {
        return new Spec(ociVersion, root, process, hostname, domainname, mounts, hooks, annotations, linux, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Spec withUnknown(UnknownFields unknown) {
        return new Spec(ociVersion, root, process, hostname, domainname, mounts, hooks, annotations, linux, unknown);
    }

    /**
     * {@return a copy whose process is {@code edit} applied to this one's} A spec without a process gives
     * {@code edit} one with {@code cwd} {@code /} and nothing else.
     *
     * @param edit the change, given the current process
     */
    public Spec editProcess(UnaryOperator<Process> edit) {
        return withProcess(edit.apply(process == null ? NO_PROCESS : process));
    }

    /**
     * {@return a copy whose Linux section is {@code edit} applied to this one's} {@link Linux#EMPTY} stands in for
     * an absent section.
     *
     * @param edit the change, given the current Linux section
     */
    public Spec editLinux(UnaryOperator<Linux> edit) {
        return withLinux(edit.apply(linux == null ? Linux.EMPTY : linux));
    }

    /**
     * {@return a copy with {@code mount} after the other mounts}
     *
     * @param mount the mount to add
     */
    public Spec plusMount(Mount mount) {
        List<Mount> edited = new ArrayList<>(mounts == null ? List.of() : mounts);
        edited.add(mount);
        return withMounts(edited);
    }
}
