package io.hako.checkpoint;

import io.hako.oci.config.NamespaceType;
import java.util.Locale;
import java.util.Set;

/**
 * CRIU's options that a checkpoint and a restore pass to CRIU as they are, as runc passes them
 * ({@code --tcp-established}, {@code --ext-unix-sk}, {@code --shell-job}, {@code --file-locks},
 * {@code --manage-cgroups-mode}, {@code --empty-ns}, {@code --auto-dedup}, and a dump's {@code --tcp-skip-in-flight}
 * and {@code --link-remap}). A restore needs those its checkpoint had: CRIU refuses images of what it was not
 * allowed to restore.
 *
 * @param tcpEstablished dump and restore established TCP connections
 * @param externalUnixSockets allow unix sockets whose peer is outside the container
 * @param shellJob allow a process tree whose session or terminal is outside the container
 * @param fileLocks dump and restore file locks
 * @param cgroupsMode how CRIU handles the cgroups' properties
 * @param emptyNamespaces namespaces CRIU makes without restoring what was in them: only
 *     {@link NamespaceType#NETWORK}, which is there anyway (as under runc, the network's devices are the engine's
 *     to set up, not CRIU's), so that the set is a caller's words only
 * @param autoDedup punch out of the parent images the pages a dump writes anew, and the pages a restore has read
 * @param tcpSkipInFlight a dump leaves out the TCP connections not yet accepted (half-open, in a listener's queue)
 *     rather than fail on them; a restore has no use for it
 * @param linkRemap a dump keeps an open file whose last name is gone (unlinked) by linking it under a new name,
 *     rather than fail on it; a restore has no use for it
 * @param lazyPages a post-copy migration through userfaultfd: the dump writes no memory but serves it from a page
 *     server (its address the checkpoint's {@link PageServer}) until the restoring side has it all; the restore
 *     starts the processes at once and has their pages brought in as they touch them, by a {@code criu
 *     lazy-pages} daemon beside the images
 */
public record CriuSettings(boolean tcpEstablished, boolean externalUnixSockets, boolean shellJob, boolean fileLocks,
        CgroupsMode cgroupsMode, Set<NamespaceType> emptyNamespaces, boolean autoDedup, boolean tcpSkipInFlight,
        boolean linkRemap, boolean lazyPages) {
    /** CRIU's defaults: nothing more allowed, its own cgroup mode, the network namespace empty. */
    public static final CriuSettings DEFAULTS = new CriuSettings(false, false, false, false, CgroupsMode.DEFAULT,
            Set.of(), false, false, false, false);

    /**
     * Checks the namespaces: runc lets only the network one be empty.
     *
     * @param tcpEstablished established TCP connections
     * @param externalUnixSockets external unix sockets
     * @param shellJob shell jobs
     * @param fileLocks file locks
     * @param cgroupsMode the cgroup mode, null for {@link CgroupsMode#DEFAULT}
     * @param emptyNamespaces the namespaces left empty, null for none
     * @param autoDedup deduplication
     * @param tcpSkipInFlight connections in flight left out of a dump
     * @param linkRemap unlinked open files linked anew by a dump
     * @param lazyPages a post-copy migration
     * @throws IllegalArgumentException naming a namespace other than the network's
     */
    public CriuSettings {
        cgroupsMode = cgroupsMode == null ? CgroupsMode.DEFAULT : cgroupsMode;
        emptyNamespaces = emptyNamespaces == null ? Set.of() : Set.copyOf(emptyNamespaces);
        for (NamespaceType type : emptyNamespaces) {
            if (type != NamespaceType.NETWORK) {
                throw new IllegalArgumentException("namespace \"" + type + "\" is not supported");
            }
        }
    }

    /**
     * How CRIU handles cgroups ({@code --manage-cgroups-mode}); see CRIU's documentation of {@code
     * --manage-cgroups}. Whichever it is, a restored container's processes are in the cgroup hako made for it.
     */
    public enum CgroupsMode {
        /** CRIU's own default (soft). */
        DEFAULT,
        /** Properties restored where CRIU makes the cgroup, existing ones left as they are. */
        SOFT,
        /** The whole cgroup tree and its properties restored. */
        FULL,
        /** As full, and a restore fails where a cgroup is already there. */
        STRICT,
        /** Cgroups neither dumped nor restored. */
        IGNORE;

        /**
         * runc's words for a mode.
         *
         * @param word {@code soft}, {@code full}, {@code strict} or {@code ignore}
         * @return the mode
         * @throws IllegalArgumentException for any other word, naming it
         */
        public static CgroupsMode parse(String word) {
            return switch (word) {
                case "soft" -> SOFT;
                case "full" -> FULL;
                case "strict" -> STRICT;
                case "ignore" -> IGNORE;
                default -> throw new IllegalArgumentException("invalid manage-cgroups-mode value \"" + word
                        + "\": soft, full, strict or ignore");
            };
        }

        /** {@return runc's word for it: {@code soft}, ...; empty for {@link #DEFAULT}} */
        public String word() {
            return this == DEFAULT ? "" : name().toLowerCase(Locale.ROOT);
        }
    }
}
