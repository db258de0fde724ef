/**
 * seccomp: libseccomp through FFM, turning {@code linux.seccomp} into a classic-BPF program.
 *
 * <p>The JVM only compiles the filter; the native stage loads it with {@code seccomp(2)}, so the program
 * carries the load-time flags with it ({@link io.hako.seccomp.SeccompProgram}). Compilers are found with
 * {@link java.util.ServiceLoader} ({@link io.hako.seccomp.SeccompCompilers}, highest priority first), so that
 * libseccomp is opened only when a container has a filter, and its absence is an error naming the package to
 * install.
 */
module io.hako.seccomp {
    requires io.hako.sys;
    requires transitive io.hako.oci;

    exports io.hako.seccomp;

    uses io.hako.seccomp.SeccompCompiler;

    provides io.hako.seccomp.SeccompCompiler with io.hako.seccomp.internal.LibseccompCompiler;
}
