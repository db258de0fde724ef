package consumer.seccomp;

import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Syscall;
import io.hako.seccomp.SeccompCompiler;
import io.hako.seccomp.SeccompCompilers;
import io.hako.seccomp.SeccompProgram;
import java.util.List;

/** Compiles a one-rule filter with the compiler it finds. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        Seccomp seccomp = new Seccomp("SCMP_ACT_ALLOW", null, List.of("SCMP_ARCH_X86_64"), null, null, null,
                List.of(new Syscall(List.of("reboot"), "SCMP_ACT_ERRNO", 1L, null, null)), null);
        SeccompCompiler compiler = SeccompCompilers.require();
        SeccompProgram program = compiler.compile(seccomp, warning -> System.err.println("warning: " + warning));
        System.out.println("compiled by " + compiler.name() + ": " + (program.instructions() > 0 ? "a program"
                : "nothing"));
    }
}
