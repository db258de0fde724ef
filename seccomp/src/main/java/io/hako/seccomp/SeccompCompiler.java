package io.hako.seccomp;

import io.hako.oci.config.Seccomp;
import java.util.function.Consumer;

/**
 * Compiles the OCI config's {@code linux.seccomp} into a BPF program, for the stage to load. A service
 * ({@code provides io.hako.seccomp.SeccompCompiler with ...}, or {@code META-INF/services} on the class path) so
 * that the library doing the work is bound only when a filter is wanted, and can be replaced;
 * {@link SeccompCompilers} finds one.
 *
 * <p>The contract of a provider:
 * <ul>
 *   <li><b>Construction</b> is cheap and loads no native code: {@link java.util.ServiceLoader} instantiates every
 *       provider it lists, and most hako commands never need seccomp.</li>
 *   <li><b>Threads</b>: a caller may share one instance between threads and call {@link #compile} and
 *       {@link #support()} from several at once (the resident hako serves calls concurrently), so an
 *       implementation is immutable or synchronises itself.</li>
 *   <li><b>Availability</b>: {@link #isAvailable()} says whether it can work on this host (its library loads). An
 *       unavailable compiler's {@link #compile} and {@link #support()} throw a {@link SeccompException} that says
 *       why (which library, which package to install), which {@link SeccompCompilers#named} passes on.</li>
 *   <li><b>Order</b>: {@link #priority()}, higher first, then {@link #name()}; {@link SeccompCompilers#require()}
 *       takes the first available one.</li>
 *   <li><b>Errors</b>: {@link SeccompException}, with the JSON pointer of the field at fault, or the library call
 *       and errno; no other exception for a section or host it cannot serve.</li>
 * </ul>
 */
public interface SeccompCompiler {
    /** The priority of a provider that does not say: below the built-in libseccomp compiler. */
    int DEFAULT_PRIORITY = 0;

    /**
     * A short name for messages and for {@link SeccompCompilers#named}: {@code libseccomp}. Unique among the
     * providers.
     *
     * @return the name
     */
    String name();

    /**
     * Where this compiler comes in the order of {@link SeccompCompilers#all()}: higher first. The built-in
     * libseccomp compiler has 100; a provider meant to replace it where it is available returns more.
     *
     * @return the priority, {@link #DEFAULT_PRIORITY} unless the provider says
     */
    default int priority() {
        return DEFAULT_PRIORITY;
    }

    /**
     * Whether this compiler can work on this host (its library loads). Never throws: a missing library is the
     * ordinary answer "no", which {@link SeccompCompilers#require()} turns into an error naming the package.
     *
     * @return whether {@link #compile} can work here
     */
    boolean isAvailable();

    /**
     * Compiles {@code seccomp} into a program.
     *
     * @param seccomp the configuration's {@code linux.seccomp}
     * @param warnings receives what is ignored rather than refused (runc logs the same things): a syscall name
     *     this library does not know, conditions on one argument that can only be OR'ed. Each message starts
     *     with the JSON pointer of the field it is about.
     * @return the program and its load flags
     * @throws SeccompException with the JSON pointer of the offending field when the section is wrong or asks
     *     for what this library or kernel cannot do, and with the library call and errno when a call fails
     */
    SeccompProgram compile(Seccomp seccomp, Consumer<String> warnings) throws SeccompException;

    /**
     * What this compiler, with the library and kernel at hand, accepts (for {@code hako features}).
     *
     * @return the actions, operators, architectures and flags it takes
     * @throws SeccompException when the compiler is not available, saying why
     */
    SeccompSupport support() throws SeccompException;
}
