package io.hako.seccomp.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.hako.seccomp.SeccompException;
import io.hako.seccomp.SeccompCompilers;
import io.hako.sys.Errno;
import io.hako.sys.Fd;
import io.hako.sys.Memfd;
import io.hako.sys.NativeLibrary;
import io.hako.sys.SysException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * libseccomp 2 through hako's one downcall shape ({@link NativeLibrary}): integers and pointers in, an integer
 * or pointer out, negative errno on failure. Opened once, on first use.
 */
final class Libseccomp {
    static final String SONAME = "libseccomp.so.2";

    /** What seccomp_syscall_resolve_name returns for a name it does not know. */
    static final int NR_SCMP_ERROR = -1;

    private static final int SCMP_FLTATR_CTL_OPTIMIZE = 8;

    /** {@code struct scmp_arg_cmp { unsigned int arg; enum scmp_compare op; uint64_t datum_a, datum_b; }}. */
    static final StructLayout ARG_CMP = MemoryLayout.structLayout(JAVA_INT.withName("arg"), JAVA_INT.withName("op"),
            JAVA_LONG.withName("datum_a"), JAVA_LONG.withName("datum_b"));

    /** Contexts made and not yet released, in this JVM: zero between compilations, as the tests check. */
    static final AtomicInteger LIVE_CONTEXTS = new AtomicInteger();

    private static Libseccomp instance;

    private final NativeLibrary.Function init;
    private final NativeLibrary.Function release;
    private final NativeLibrary.Function archAdd;
    private final NativeLibrary.Function archResolveName;
    private final NativeLibrary.Function syscallResolveName;
    private final NativeLibrary.Function syscallResolveNameArch;
    private final NativeLibrary.Function archNative;
    private final NativeLibrary.Function ruleAddArray;
    private final NativeLibrary.Function attrSet;
    private final NativeLibrary.Function exportBpf;
    private final int apiLevel;
    private final String version;

    private Libseccomp(NativeLibrary lib) throws SysException {
        init = lib.function("seccomp_init");
        release = lib.function("seccomp_release");
        archAdd = lib.function("seccomp_arch_add");
        archResolveName = lib.function("seccomp_arch_resolve_name");
        syscallResolveName = lib.function("seccomp_syscall_resolve_name");
        syscallResolveNameArch = lib.function("seccomp_syscall_resolve_name_arch");
        archNative = lib.function("seccomp_arch_native");
        ruleAddArray = lib.function("seccomp_rule_add_array");
        attrSet = lib.function("seccomp_attr_set");
        exportBpf = lib.function("seccomp_export_bpf");
        // The first call probes the kernel (which actions and flags it has) and caches the answer.
        apiLevel = (int) lib.function("seccomp_api_get").call();
        version = version(lib.function("seccomp_version").call());
    }

    /**
     * The library, opened on first call.
     *
     * @throws SeccompException naming the library and the package to install when it cannot be opened
     */
    static synchronized Libseccomp get() throws SeccompException {
        if (instance == null) {
            instance = open(SONAME);
        }
        return instance;
    }

    /** Opens {@code soname} as libseccomp; {@link #get()} is the one to use, this is for tests of the failure. */
    static Libseccomp open(String soname) throws SeccompException {
        try {
            return new Libseccomp(NativeLibrary.open(soname));
        } catch (SysException e) {
            // dlopen (ENOENT) when the library is missing, dlsym (ENOSYS) when it is too old for a function.
            throw new SeccompException(null, "cannot load libseccomp (" + String.join(" ", e.subjects())
                    + "); install the Debian package " + SeccompCompilers.PACKAGE, e.call(), e.errno());
        }
    }

    /**
     * {@code seccomp_version()} points to {@code struct scmp_version { unsigned major, minor, micro; }} in the
     * library. Reading memory at a foreign address is a restricted operation, allowed to io.hako.sys only, so
     * libc's memcpy copies it into memory of ours. The version only goes into messages and {@code hako
     * features}, so a libc that cannot be opened by that name leaves it "unknown".
     */
    private static String version(long address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT, 3);
            NativeLibrary.open("libc.so.6").function("memcpy").call(v.address(), address, v.byteSize());
            return v.getAtIndex(JAVA_INT, 0) + "." + v.getAtIndex(JAVA_INT, 1) + "." + v.getAtIndex(JAVA_INT, 2);
        } catch (SysException e) {
            return "unknown";
        }
    }

    /** libseccomp's API level on this kernel (see seccomp_api_get(3)): 6 for 2.5 on Linux from 5.7. */
    int apiLevel() {
        return apiLevel;
    }

    /** The library's version, {@code 2.5.4}. */
    String version() {
        return version;
    }

    /** Whether this libseccomp knows {@code arch}. */
    boolean resolves(Architecture arch) {
        return archToken(arch) != 0;
    }

    /** The arch's SCMP_ARCH_* token, 0 (SCMP_ARCH_NATIVE, never a resolved name) when libseccomp does not know it. */
    int archToken(Architecture arch) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) archResolveName.call(arena.allocateFrom(arch.libseccompName()).address());
        }
    }

    /**
     * The syscall's number on the native architecture: negative for a pseudo-syscall (one libseccomp knows on
     * other architectures only), {@link #NR_SCMP_ERROR} for a name it does not know.
     */
    int syscallNumber(String name, Arena arena) {
        return (int) syscallResolveName.call(arena.allocateFrom(name).address());
    }

    /**
     * The syscall's number on the architecture with libseccomp token {@code archToken} (x32's carry the x32 bit):
     * negative for a pseudo-syscall, {@link #NR_SCMP_ERROR} for a name it does not know there.
     */
    int syscallNumber(int archToken, String name, Arena arena) {
        return (int) syscallResolveNameArch.call(Integer.toUnsignedLong(archToken), arena.allocateFrom(name).address());
    }

    /** The token of the architecture this process runs on. */
    int nativeArchToken() {
        return (int) archNative.call();
    }

    /** A new filter context with {@code defaultAction}; release it. */
    Context context(Action defaultAction, String pointer) throws SeccompException {
        long ctx = init.call(Integer.toUnsignedLong(defaultAction.value()));
        if (ctx == 0) {
            // seccomp_init returns NULL without saying why; the action is the only input.
            throw new SeccompException(pointer, "libseccomp refused the default action " + defaultAction,
                    "seccomp_init", Errno.EINVAL);
        }
        LIVE_CONTEXTS.incrementAndGet();
        return new Context(ctx);
    }

    /** A filter being built: {@code scmp_filter_ctx}, released by {@link #close()}. */
    final class Context implements AutoCloseable {
        private long ctx;

        private Context(long ctx) {
            this.ctx = ctx;
        }

        /** Adds an architecture; one already there (the native one) is not an error. */
        void addArch(Architecture arch, String pointer) throws SeccompException {
            int token = archToken(arch);
            if (token == 0) {
                throw new SeccompException(pointer, arch.specName() + " is not supported by libseccomp " + version);
            }
            int rc = (int) archAdd.call(live(), Integer.toUnsignedLong(token));
            if (rc < 0 && -rc != Errno.EEXIST) {
                throw new SeccompException(pointer, "cannot add architecture " + arch.specName(), "seccomp_arch_add",
                        -rc);
            }
        }

        /** Adds the rule for syscall {@code number}. */
        void addRule(Rule rule, int number, Arena arena) throws SeccompException {
            List<Condition> conditions = rule.conditions();
            MemorySegment array = MemorySegment.NULL;
            if (!conditions.isEmpty()) {
                array = arena.allocate(ARG_CMP, conditions.size());
                for (int i = 0; i < conditions.size(); i++) {
                    Condition c = conditions.get(i);
                    MemorySegment cmp = array.asSlice(i * ARG_CMP.byteSize(), ARG_CMP);
                    cmp.set(JAVA_INT, 0, c.index());
                    cmp.set(JAVA_INT, 4, c.op().value());
                    cmp.set(JAVA_LONG, 8, c.value());
                    cmp.set(JAVA_LONG, 16, c.valueTwo());
                }
            }
            int rc = (int) ruleAddArray.call(live(), Integer.toUnsignedLong(rule.action().value()), number,
                    conditions.size(), array.address());
            if (rc < 0) {
                // EEXIST: an earlier rule has the same syscall and conditions with another action.
                throw new SeccompException(rule.namePointer(), "cannot add the rule for \"" + rule.syscall() + "\""
                        + (-rc == Errno.EEXIST ? " (an earlier rule has the same conditions and another action)" : ""),
                        "seccomp_rule_add_array", -rc);
            }
        }

        /**
         * Asks for a binary tree of syscall numbers instead of a linear list. Best effort, as runc does it: the
         * filter is the same without it, only slower to run for long lists.
         */
        void optimize() {
            attrSet.call(live(), SCMP_FLTATR_CTL_OPTIMIZE, 2);
        }

        /** The program as {@code struct sock_filter[]}, written by libseccomp into a memfd and read back. */
        byte[] exportBpf() throws SeccompException {
            try (Fd fd = Memfd.create("hako-seccomp-bpf")) {
                int rc = (int) exportBpf.call(live(), fd.number());
                if (rc < 0) {
                    throw new SeccompException(Pointer.SECCOMP, "cannot export the filter", "seccomp_export_bpf", -rc);
                }
                return Memfd.contents(fd);
            } catch (SysException e) {
                throw new SeccompException(Pointer.SECCOMP, "cannot export the filter", e.call(), e.errno());
            }
        }

        private long live() {
            if (ctx == 0) {
                throw new IllegalStateException("seccomp context already released");
            }
            return ctx;
        }

        @Override
        public void close() {
            if (ctx != 0) {
                release.call(ctx);
                ctx = 0;
                LIVE_CONTEXTS.decrementAndGet();
            }
        }
    }
}
