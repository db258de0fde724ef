package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;

/**
 * The container process.
 *
 * @param terminal whether the process gets a pseudo-terminal
 * @param consoleSize the terminal's size
 * @param user the user the process runs as
 * @param args the command and its arguments
 * @param commandLine the whole command line (Windows only)
 * @param env environment variables, {@code NAME=value}
 * @param cwd the working directory, absolute in the container (required)
 * @param capabilities the capability sets
 * @param rlimits resource limits
 * @param noNewPrivileges whether to set no_new_privs
 * @param apparmorProfile the AppArmor profile
 * @param oomScoreAdj the OOM score adjustment
 * @param selinuxLabel the SELinux process label
 * @param ioPriority the I/O priority
 * @param scheduler the scheduling policy
 * @param execCPUAffinity the CPU affinity during and after exec
 */
public record Process(
        Boolean terminal,
        ConsoleSize consoleSize,
        User user,
        List<String> args,
        String commandLine,
        List<String> env,
        @Json(required = true) String cwd,
        Capabilities capabilities,
        List<Rlimit> rlimits,
        Boolean noNewPrivileges,
        String apparmorProfile,
        Integer oomScoreAdj,
        String selinuxLabel,
        IoPriority ioPriority,
        Scheduler scheduler,
        ExecCpuAffinity execCPUAffinity,
        UnknownFields unknown) {
    public Process {
        Copies.required(cwd, "cwd");
        args = Copies.list(args);
        env = Copies.list(env);
        rlimits = Copies.list(rlimits);
        unknown = UnknownFields.orNone(unknown);
    }

    /** A copy with other arguments. */
    public Process withArgs(List<String> args) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /** A copy with other capabilities. */
    public Process withCapabilities(Capabilities capabilities) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /** A copy with another console size. */
    public Process withConsoleSize(ConsoleSize consoleSize) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /** A copy with or without a terminal. */
    public Process withTerminal(Boolean terminal) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /** A copy with or without no_new_privs. */
    public Process withNoNewPrivileges(Boolean noNewPrivileges) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /** A copy with another user. */
    public Process withUser(User user) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /** A copy with another environment. */
    public Process withEnv(List<String> env) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /** A copy with another working directory. */
    public Process withCwd(String cwd) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }
}
