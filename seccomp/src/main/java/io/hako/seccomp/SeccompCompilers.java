package io.hako.seccomp;

import io.hako.oci.config.Seccomp;
import io.hako.seccomp.internal.CachingCompiler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Finds a {@link SeccompCompiler} among the providers that {@link ServiceLoader} finds, declared with
 * {@code provides} on the module path or in {@code META-INF/services} on the class path. Both list the same
 * providers, in the same order: {@link SeccompCompiler#priority()}, higher first, then
 * {@link SeccompCompiler#name()}, then the class name; never the order in which the loader found them.
 */
public final class SeccompCompilers {
    /** The Debian package that ships libseccomp's shared library, named in the error when it is missing. */
    public static final String PACKAGE = "libseccomp2";

    /** Priority descending, then name, then class name: a total order whatever the loader's. */
    static final Comparator<SeccompCompiler> ORDER = Comparator.comparingInt(SeccompCompiler::priority).reversed()
            .thenComparing(SeccompCompiler::name).thenComparing(compiler -> compiler.getClass().getName());

    private SeccompCompilers() {}

    /**
     * Every compiler of this build, available on this host or not, in the order above. Instantiating them loads
     * no library.
     *
     * @return the compilers, first the one with the highest priority
     */
    public static List<SeccompCompiler> all() {
        return ordered(ServiceLoader.load(SeccompCompiler.class));
    }

    /**
     * The first available compiler in the order of {@link #all()}. Nothing is loaded before this is called, and
     * only the providers' availability checks open libraries.
     *
     * @return the compiler
     * @throws SeccompException when no provider is available: in practice libseccomp is not installed
     */
    public static SeccompCompiler require() throws SeccompException {
        return require(all());
    }

    /**
     * The compiler called {@code name}, to use it whatever the others' priorities.
     *
     * @param name the compiler's {@link SeccompCompiler#name()}, {@code libseccomp}
     * @return the compiler, available on this host
     * @throws SeccompException when no compiler of this build has that name (naming the ones it has), or it is
     *     not available on this host (saying why)
     */
    public static SeccompCompiler named(String name) throws SeccompException {
        return named(name, all());
    }

    /**
     * A compiler that keeps the programs it compiles in {@code directory} and compiles only what it has not
     * kept, with {@link #require()}'s compiler, found only then. The directory is made (mode 0700) when missing
     * and used only if this user owns it and nobody else may write to it; otherwise every call compiles.
     *
     * @param directory where the programs are kept
     * @return the caching compiler
     */
    public static SeccompCompiler cachedIn(Path directory) {
        return new CachingCompiler(directory, SeccompCompilers::require);
    }

    /**
     * The compiler a container uses: {@link #cachedIn(Path)} when {@code name} is null (the first available, its
     * programs kept in {@code directory}), else the compiler called {@code name}, found when it first compiles. A
     * compiler forced by name compiles every time: the cache knows libseccomp's identity, not another compiler's,
     * so it could not tell that compiler's programs apart across its versions.
     *
     * @param directory where the first available compiler's programs are kept
     * @param name the {@link SeccompCompiler#name()} to force, or null to take the first available
     * @return the compiler
     */
    public static SeccompCompiler cachedIn(Path directory, String name) {
        return name == null ? cachedIn(directory) : new Forced(name);
    }

    /** The compiler called {@code name}, looked up only when it is used (most containers have no filter). */
    private record Forced(String name) implements SeccompCompiler {
        @Override
        public boolean isAvailable() {
            try {
                return SeccompCompilers.named(name).isAvailable();
            } catch (SeccompException e) {
                return false;
            }
        }

        @Override
        public SeccompProgram compile(Seccomp seccomp, Consumer<String> warnings) throws SeccompException {
            return SeccompCompilers.named(name).compile(seccomp, warnings);
        }

        @Override
        public SeccompSupport support() throws SeccompException {
            return SeccompCompilers.named(name).support();
        }
    }

    /** {@code found} in the order of {@link #all()}. */
    static List<SeccompCompiler> ordered(Iterable<? extends SeccompCompiler> found) {
        List<SeccompCompiler> compilers = new ArrayList<>();
        found.forEach(compilers::add);
        compilers.sort(ORDER);
        return compilers;
    }

    /** The first available of {@code compilers}, which are in the order of {@link #all()}. */
    static SeccompCompiler require(List<SeccompCompiler> compilers) throws SeccompException {
        List<String> unavailable = new ArrayList<>();
        for (SeccompCompiler compiler : compilers) {
            if (compiler.isAvailable()) {
                return compiler;
            }
            unavailable.add(compiler.name());
        }
        throw new SeccompException(null, "cannot compile a seccomp filter: libseccomp (libseccomp.so.2) is missing;"
                + " install the Debian package " + PACKAGE
                + (unavailable.isEmpty() ? " (no seccomp compiler is installed at all)"
                        : " (unavailable: " + String.join(", ", unavailable) + ")"));
    }

    /** The first of {@code compilers} called {@code name}, if it is available. */
    static SeccompCompiler named(String name, List<SeccompCompiler> compilers) throws SeccompException {
        for (SeccompCompiler compiler : compilers) {
            if (!compiler.name().equals(name)) {
                continue;
            }
            if (compiler.isAvailable()) {
                return compiler;
            }
            String why;
            try {
                compiler.support();
                why = "it reports itself unavailable";
            } catch (SeccompException e) {
                why = e.getMessage(); // the contract: an unavailable compiler's support() says why
            }
            throw new SeccompException(null, "seccomp compiler \"" + name + "\" is not available on this host: "
                    + why);
        }
        throw new SeccompException(null, "no seccomp compiler \"" + name + "\" in this build: "
                + (compilers.isEmpty() ? "it has none"
                        : "it has " + String.join(", ", compilers.stream().map(SeccompCompiler::name).toList())));
    }
}
