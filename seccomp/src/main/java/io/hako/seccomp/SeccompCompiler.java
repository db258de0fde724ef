package io.hako.seccomp;

import io.hako.oci.config.Seccomp;
import java.util.function.Consumer;

/**
 * Compiles the OCI config's {@code linux.seccomp} into a BPF program, for the stage to load. A service
 * ({@code provides io.hako.seccomp.SeccompCompiler with ...}) so that the library doing the work is bound only
 * when a filter is wanted, and could be replaced; {@link SeccompCompilers#require()} finds one.
 *
 * <p>Implementations must not load native code in their constructor: {@link java.util.ServiceLoader}
 * instantiates every provider it lists, and most hako commands never need seccomp.
 */
public interface SeccompCompiler {
    /** A short name for messages, {@code libseccomp}. */
    String name();

    /**
     * Whether this compiler can work on this host (its library loads). Never throws: a missing library is the
     * ordinary answer "no", which {@link SeccompCompilers#require()} turns into an error naming the package.
     */
    boolean isAvailable();

    /**
     * Compiles {@code seccomp} into a program.
     *
     * @param warnings receives what is ignored rather than refused (runc logs the same things): a syscall name
     *     this library does not know, conditions on one argument that can only be OR'ed. Each message starts
     *     with the JSON pointer of the field it is about.
     * @throws SeccompException with the JSON pointer of the offending field when the section is wrong or asks
     *     for what this library or kernel cannot do, and with the library call and errno when a call fails
     */
    SeccompProgram compile(Seccomp seccomp, Consumer<String> warnings) throws SeccompException;

    /** What this compiler, with the library and kernel at hand, accepts (for {@code hako features}). */
    SeccompSupport support() throws SeccompException;
}
