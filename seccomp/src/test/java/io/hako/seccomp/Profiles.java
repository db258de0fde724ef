package io.hako.seccomp;

import io.hako.oci.OciJson;
import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Syscall;
import io.hako.oci.config.SyscallArg;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Seccomp sections for the tests: built in code, or read from src/test/resources/profiles. */
public final class Profiles {
    private Profiles() {}

    public static Seccomp seccomp(String defaultAction, Syscall... rules) {
        return new Seccomp(defaultAction, null, null, null, null, null, List.of(rules), null);
    }

    public static Seccomp withFlags(Seccomp s, List<String> flags) {
        return new Seccomp(s.defaultAction(), s.defaultErrnoRet(), s.architectures(), flags, s.listenerPath(),
                s.listenerMetadata(), s.syscalls(), null);
    }

    public static Seccomp withArchitectures(Seccomp s, List<String> architectures) {
        return new Seccomp(s.defaultAction(), s.defaultErrnoRet(), architectures, s.flags(), s.listenerPath(),
                s.listenerMetadata(), s.syscalls(), null);
    }

    public static Seccomp withDefaultErrnoRet(Seccomp s, Long errnoRet) {
        return new Seccomp(s.defaultAction(), errnoRet, s.architectures(), s.flags(), s.listenerPath(),
                s.listenerMetadata(), s.syscalls(), null);
    }

    public static Syscall rule(String action, String... names) {
        return new Syscall(List.of(names), action, null, null, null);
    }

    public static Syscall rule(String action, Long errnoRet, List<SyscallArg> args, String... names) {
        return new Syscall(List.of(names), action, errnoRet, args, null);
    }

    public static SyscallArg arg(long index, String op, long value) {
        return new SyscallArg(index, value, null, op, null);
    }

    public static SyscallArg arg(long index, String op, long value, long valueTwo) {
        return new SyscallArg(index, value, valueTwo, op, null);
    }

    /**
     * Docker's default profile as Docker hands it to a runtime on amd64 with its default capabilities: see
     * src/test/resources/profiles/README.md.
     */
    public static Seccomp dockerDefault() {
        return read("docker-default-amd64.json");
    }

    public static Seccomp read(String name) {
        try (InputStream in = Profiles.class.getResourceAsStream("/profiles/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test profile " + name);
            }
            return OciJson.read(in.readAllBytes(), Seccomp.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (io.hako.oci.DocumentException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }
}
