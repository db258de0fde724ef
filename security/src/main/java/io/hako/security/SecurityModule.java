package io.hako.security;

import io.hako.oci.config.Spec;
import java.util.Optional;

/**
 * A Linux security module hako can label a container with (AppArmor, SELinux), found with
 * {@link java.util.ServiceLoader}. A module that the configuration asks for and the host does not have enabled is
 * an error (as with runc), and one that is not asked for is silent whatever the host.
 */
public interface SecurityModule {
    /** {@code apparmor}, {@code selinux}. */
    String name();

    /** Whether the running kernel has this module enabled. */
    boolean isEnabled();

    /**
     * What the container's init writes, and where, so that the kernel labels the process it execs; empty when the
     * configuration asks nothing of this module.
     *
     * @throws SecurityModuleException naming the field when the configuration asks for this module and the host
     *     does not have it enabled, or the value is not one this module takes
     */
    Optional<ExecLabel> execLabel(Spec spec) throws SecurityModuleException;

    /**
     * The label for the keys the container's init creates (its session keyring among them), written to
     * {@code /proc/self/attr/keycreate} before the init joins a keyring of its own; empty when none.
     */
    default Optional<String> keyringLabel(Spec spec) throws SecurityModuleException {
        return Optional.empty();
    }

    /**
     * The mount option ({@code context="..."}) for the filesystems the container mounts; empty when the
     * configuration has no mount label for this module.
     */
    Optional<String> mountOption(Spec spec) throws SecurityModuleException;

    /**
     * A label for the process the init execs.
     *
     * @param attribute the {@code /proc/self/attr} file to write, as the init sees it
     * @param value what to write there
     */
    record ExecLabel(String attribute, String value) {}
}
