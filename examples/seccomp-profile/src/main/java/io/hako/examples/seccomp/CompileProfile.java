package io.hako.examples.seccomp;

import io.hako.oci.DocumentException;
import io.hako.oci.OciJson;
import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Syscall;
import io.hako.seccomp.SeccompCompiler;
import io.hako.seccomp.SeccompCompilers;
import io.hako.seccomp.SeccompException;
import io.hako.seccomp.SeccompProgram;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Uses hako's seccomp library alone: reads a Docker-format seccomp profile (Docker's default, or podman's
 * {@code /usr/share/containers/seccomp.json}), resolves it for a container with Docker's default capabilities on
 * this machine's architecture, compiles it with libseccomp through FFM and prints the program's size and its first
 * instructions, disassembled.
 *
 * <pre>java --enable-native-access=io.hako.sys -p ... -m io.hako.examples.seccomp/io.hako.examples.seccomp.CompileProfile PROFILE [INSTRUCTIONS]</pre>
 *
 * Exit status: 0 compiled, 1 the profile is wrong or cannot be compiled here, 2 usage.
 */
public final class CompileProfile {
    /** The capabilities Docker gives a container by default. */
    public static final Set<String> DOCKER_DEFAULT_CAPABILITIES = Set.of("CAP_CHOWN", "CAP_DAC_OVERRIDE",
            "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP",
            "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    private CompileProfile() {}

    /**
     * Runs the example.
     *
     * @param args the profile's path, and how many instructions to print (default 8)
     * @throws IOException as {@link #run} does
     */
    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * What {@link #main} does.
     *
     * @param args the command line's arguments
     * @param out where the example prints what it shows
     * @param err where it prints errors, one line each
     * @return the exit status
     * @throws IOException when a file or the process's output cannot be read or written
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length < 1 || args.length > 2) {
            err.println("usage: CompileProfile PROFILE [INSTRUCTIONS]");
            return 2;
        }
        Path path = Path.of(args[0]);
        int shown;
        try {
            shown = args.length == 2 ? Integer.parseInt(args[1]) : 8;
        } catch (NumberFormatException e) {
            err.println("usage: CompileProfile PROFILE [INSTRUCTIONS]");
            return 2;
        }
        DockerProfile profile;
        try {
            profile = OciJson.read(Files.readAllBytes(path), DockerProfile.class);
        } catch (DocumentException e) {
            err.println(path + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(path + ": cannot read it: " + e);
            return 1;
        }
        String goArch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        String kernel = System.getProperty("os.version");
        Seccomp seccomp = profile.forContainer(goArch, DOCKER_DEFAULT_CAPABILITIES, kernel);
        Set<String> names = new LinkedHashSet<>();
        seccomp.syscalls().stream().map(Syscall::names).forEach(names::addAll);
        out.println("profile: " + path + " (default action " + profile.defaultAction() + ", "
                + profile.syscalls().size() + " rules)");
        out.println("for " + goArch + " with Docker's " + DOCKER_DEFAULT_CAPABILITIES.size() + " capabilities: "
                + seccomp.syscalls().size() + " rules naming " + names.size() + " syscalls, architectures "
                + String.join(" ", seccomp.architectures()));
        SeccompProgram program;
        String compilerName;
        try {
            SeccompCompiler compiler = SeccompCompilers.require();
            compilerName = compiler.name();
            // What the compiler ignores rather than refuses (a syscall this libseccomp does not know) is said too.
            program = compiler.compile(seccomp, warning -> err.println("warning: " + warning));
        } catch (SeccompException e) {
            err.println(path + ": " + e.getMessage());
            return 1;
        }
        out.println("compiled by " + compilerName + ": " + program.instructions() + " instructions ("
                + program.filter().length + " bytes)");
        ByteBuffer code = ByteBuffer.wrap(program.filter()).order(ByteOrder.nativeOrder());
        for (int i = 0; i < Math.min(shown, program.instructions()); i++) {
            out.printf("%4d: %s%n", i, Bpf.disassemble(code.getShort() & 0xffff, code.get() & 0xff,
                    code.get() & 0xff, code.getInt()));
        }
        return 0;
    }

    /** Classic BPF, as seccomp filters use it. */
    static final class Bpf {
        private Bpf() {}

        private static final List<String> FIELDS = Arrays.asList("nr", "arch", "instruction_pointer (low)",
                "instruction_pointer (high)");

        /** One instruction in the notation of {@code bpf_dbg}, with a comment for seccomp's fields and returns. */
        static String disassemble(int code, int jt, int jf, int k) {
            return switch (code) {
                case 0x20 -> "ld [" + k + "]" + field(k);
                case 0x00 -> "ld #" + hex(k);
                case 0x01 -> "ldx #" + hex(k);
                case 0x60 -> "ld M[" + k + "]";
                case 0x61 -> "ldx M[" + k + "]";
                case 0x02 -> "st M[" + k + "]";
                case 0x03 -> "stx M[" + k + "]";
                case 0x54 -> "and #" + hex(k);
                case 0x07 -> "tax";
                case 0x87 -> "txa";
                case 0x05 -> "ja +" + k;
                case 0x15 -> jump("jeq", k, jt, jf);
                case 0x25 -> jump("jgt", k, jt, jf);
                case 0x35 -> jump("jge", k, jt, jf);
                case 0x45 -> jump("jset", k, jt, jf);
                case 0x06 -> "ret #" + hex(k) + "  ; " + action(k);
                default -> String.format("code 0x%04x jt %d jf %d k %s", code, jt, jf, hex(k));
            };
        }

        private static String jump(String op, int k, int jt, int jf) {
            String comment = switch (k) {
                case 0xc000003e -> "  ; AUDIT_ARCH_X86_64";
                case 0x40000003 -> "  ; AUDIT_ARCH_I386";
                case 0xc00000b7 -> "  ; AUDIT_ARCH_AARCH64";
                default -> "";
            };
            return op + " #" + hex(k) + ", +" + jt + ", +" + jf + comment;
        }

        private static String field(int offset) {
            if (offset < 16) {
                return "  ; " + FIELDS.get(offset / 4);
            }
            int arg = (offset - 16) / 8;
            return "  ; args[" + arg + "] (" + ((offset - 16) % 8 == 0 ? "low" : "high") + ")";
        }

        private static String action(int k) {
            return switch (k & 0xffff0000) {
                case 0x7fff0000 -> "ALLOW";
                case 0x80000000 -> "KILL_PROCESS";
                case 0x00000000 -> "KILL_THREAD";
                case 0x00050000 -> "ERRNO(" + (k & 0xffff) + ")";
                case 0x00030000 -> "TRAP";
                case 0x7ff00000 -> "TRACE";
                case 0x7ffc0000 -> "LOG";
                case 0x7fc00000 -> "USER_NOTIF";
                default -> "?";
            };
        }

        private static String hex(int k) {
            return "0x" + Integer.toHexString(k);
        }
    }
}
