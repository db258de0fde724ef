package io.hako.examples.seccomp;

import io.hako.oci.UnknownFields;
import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Syscall;
import io.hako.oci.config.SyscallArg;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A seccomp profile in the format Docker and podman keep theirs ({@code /usr/share/containers/seccomp.json}): the
 * OCI section's fields, plus an architecture map and rules that apply only with or without some capabilities or
 * on some architectures. Bound from JSON by oci-spec's binder like any record of its model; fields this record
 * does not model (comments, {@code defaultErrno}) land in {@code unknown}.
 *
 * @param defaultAction the action for syscalls no rule matches
 * @param defaultErrnoRet the errno of a default {@code SCMP_ACT_ERRNO}
 * @param archMap each native architecture with the ones its processes may also run as
 * @param syscalls the rules
 * @param unknown what the profile has besides
 */
public record DockerProfile(String defaultAction, Long defaultErrnoRet, List<ArchMap> archMap, List<Rule> syscalls,
        UnknownFields unknown) {
    /** Makes the lists empty when absent. */
    public DockerProfile {
        archMap = archMap == null ? List.of() : List.copyOf(archMap);
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }

    /**
     * An architecture and its sub-architectures, in libseccomp's names.
     *
     * @param architecture {@code SCMP_ARCH_X86_64}, ...
     * @param subArchitectures {@code SCMP_ARCH_X86}, {@code SCMP_ARCH_X32}, ...
     * @param unknown what the entry has besides
     */
    public record ArchMap(String architecture, List<String> subArchitectures, UnknownFields unknown) {}

    /**
     * A rule, as in the OCI section, with the conditions under which it applies.
     *
     * @param names the syscalls
     * @param action the action
     * @param errnoRet the errno of {@code SCMP_ACT_ERRNO}
     * @param args conditions on arguments
     * @param includes it applies only when all of these hold (absent: always)
     * @param excludes it does not apply when any of these holds (absent: never)
     * @param unknown what the rule has besides (its comment)
     */
    public record Rule(List<String> names, String action, Long errnoRet, List<SyscallArg> args, Condition includes,
            Condition excludes, UnknownFields unknown) {}

    /**
     * When a rule applies.
     *
     * @param caps capabilities the container has (includes: all of them; excludes: any of them)
     * @param arches Go's names of the native architecture ({@code amd64}, {@code arm64})
     * @param minKernel the oldest kernel, {@code 4.8}
     * @param unknown what the condition has besides
     */
    public record Condition(List<String> caps, List<String> arches, String minKernel, UnknownFields unknown) {}

    /**
     * The OCI {@code linux.seccomp} section this profile gives a container with {@code capabilities} on
     * {@code goArch} (Go's name for the native architecture), as Docker computes it: the rules whose conditions
     * hold, and the architectures of the native one's entry of the map.
     *
     * @param goArch Go's name of the native architecture: {@code amd64}, {@code arm64}
     * @param capabilities the capabilities the container has, {@code CAP_CHOWN}, ...
     * @param kernelRelease the running kernel's release ({@code uname -r}), for rules with a {@code minKernel}
     * @return the section for the container
     */
    public Seccomp forContainer(String goArch, Set<String> capabilities, String kernelRelease) {
        String nativeArch = switch (goArch) {
            case "amd64" -> "SCMP_ARCH_X86_64";
            case "arm64" -> "SCMP_ARCH_AARCH64";
            default -> "SCMP_ARCH_" + goArch.toUpperCase(java.util.Locale.ROOT);
        };
        List<String> architectures = new ArrayList<>();
        for (ArchMap entry : archMap) {
            if (nativeArch.equals(entry.architecture())) {
                architectures.add(entry.architecture());
                if (entry.subArchitectures() != null) {
                    architectures.addAll(entry.subArchitectures());
                }
            }
        }
        List<Syscall> rules = new ArrayList<>();
        for (Rule rule : syscalls) {
            if (applies(rule, goArch, capabilities, kernelRelease)) {
                rules.add(new Syscall(rule.names(), rule.action(), rule.errnoRet(), rule.args(), null));
            }
        }
        return new Seccomp(defaultAction, defaultErrnoRet, architectures, null, null, null, rules, null);
    }

    private static boolean applies(Rule rule, String goArch, Set<String> capabilities, String kernelRelease) {
        Condition in = rule.includes();
        if (in != null) {
            if (in.caps() != null && !capabilities.containsAll(in.caps())) {
                return false;
            }
            if (in.arches() != null && !in.arches().isEmpty() && !in.arches().contains(goArch)) {
                return false;
            }
            if (in.minKernel() != null && compareVersions(kernelRelease, in.minKernel()) < 0) {
                return false;
            }
        }
        Condition out = rule.excludes();
        if (out != null) {
            if (out.caps() != null && out.caps().stream().anyMatch(capabilities::contains)) {
                return false;
            }
            if (out.arches() != null && out.arches().contains(goArch)) {
                return false;
            }
        }
        return true;
    }

    /** Compares the leading numbers of two kernel versions: {@code 6.1.0-13-amd64} against {@code 4.8}. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[^0-9]+");
        String[] y = b.split("[^0-9]+");
        for (int i = 0; i < Math.min(2, Math.min(x.length, y.length)); i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
