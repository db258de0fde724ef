package io.hako.security;

import io.hako.oci.config.Spec;
import java.util.Optional;

/**
 * A Linux security module hako can label a container with (AppArmor, SELinux): a service, found with
 * {@link java.util.ServiceLoader} through {@link SecurityModules}. Every module found is asked about every
 * container; each answers only for the fields of the configuration that are its own.
 *
 * <p>The contract of a provider:
 * <ul>
 *   <li><b>Construction</b> is cheap and touches nothing on the host: {@code ServiceLoader} instantiates every
 *       provider it lists, on every command that looks for one.</li>
 *   <li><b>Threads</b>: a caller may share one instance between threads and call it from several at once (the
 *       resident hako serves calls concurrently), so an implementation is immutable or synchronises itself.</li>
 *   <li><b>Availability</b>: {@link #isEnabled()} says whether the running kernel has the module enabled. A module
 *       that is not enabled is still asked: a configuration that asks for it is then an error (as with runc), and
 *       one that does not is silent whatever the host.</li>
 *   <li><b>Order</b>: {@link #priority()}, higher first, then {@link #name()}. Modules are all applied, not chosen
 *       between: the order is the one in which the init writes their exec labels, and where two give a mount
 *       option or a keyring label, the first one's is used.</li>
 *   <li><b>Errors</b>: {@link SecurityModuleException}, naming the JSON pointer of the field at fault; no other
 *       exception for a configuration or host it cannot serve.</li>
 * </ul>
 */
public interface SecurityModule {
    /** The priority of a provider that does not say: below every built-in module. */
    int DEFAULT_PRIORITY = 0;

    /**
     * The module's name: unique among the providers, and what {@link SecurityModules#named} takes.
     *
     * @return {@code apparmor}, {@code selinux}
     */
    String name();

    /**
     * Where this module comes in the order of {@link SecurityModules#all()}: higher first. The built-in AppArmor and
     * SELinux drivers both have 100; they never compete (a kernel has at most one of them as its major module), so
     * their names order them.
     *
     * @return the priority, {@link #DEFAULT_PRIORITY} unless the provider says
     */
    default int priority() {
        return DEFAULT_PRIORITY;
    }

    /**
     * Whether the running kernel has this module enabled. Never throws: anything unreadable means no.
     *
     * @return whether it is enabled
     */
    boolean isEnabled();

    /**
     * What the container's init writes, and where, so that the kernel labels the process it execs; empty when the
     * configuration asks nothing of this module.
     *
     * @param spec the container's configuration
     * @return the label, or empty
     * @throws SecurityModuleException naming the field when the configuration asks for this module and the host
     *     does not have it enabled, or the value is not one this module takes
     */
    Optional<ExecLabel> execLabel(Spec spec) throws SecurityModuleException;

    /**
     * The label for the keys the container's init creates (its session keyring among them), written to
     * {@code /proc/self/attr/keycreate} before the init joins a keyring of its own; empty when none.
     *
     * @param spec the container's configuration
     * @return the label, or empty
     * @throws SecurityModuleException as {@link #execLabel}
     */
    default Optional<String> keyringLabel(Spec spec) throws SecurityModuleException {
        return Optional.empty();
    }

    /**
     * The mount option ({@code context="..."}) for the filesystems the container mounts; empty when the
     * configuration has no mount label for this module.
     *
     * @param spec the container's configuration
     * @return the option, or empty
     * @throws SecurityModuleException naming {@code /linux/mountLabel} when the label cannot be honoured
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
