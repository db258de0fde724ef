package io.hako.seccomp;

import io.hako.seccomp.internal.CachingCompiler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds a {@link SeccompCompiler}. */
public final class SeccompCompilers {
    /** The Debian package that ships libseccomp's shared library, named in the error when it is missing. */
    public static final String PACKAGE = "libseccomp2";

    private SeccompCompilers() {}

    /**
     * The first available compiler among the providers of {@link SeccompCompiler}. Nothing is loaded before
     * this is called, and only the providers' availability checks open libraries.
     *
     * @throws SeccompException when no provider is available: in practice libseccomp is not installed
     */
    /**
     * A compiler that keeps the programs it compiles in {@code directory} and compiles only what it has not
     * kept, with {@link #require()}'s compiler, found only then. The directory is made (mode 0700) when missing
     * and used only if this user owns it and nobody else may write to it; otherwise every call compiles.
     */
    public static SeccompCompiler cachedIn(Path directory) {
        return new CachingCompiler(directory, SeccompCompilers::require);
    }

    public static SeccompCompiler require() throws SeccompException {
        List<String> unavailable = new ArrayList<>();
        for (SeccompCompiler compiler : ServiceLoader.load(SeccompCompiler.class)) {
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
}
