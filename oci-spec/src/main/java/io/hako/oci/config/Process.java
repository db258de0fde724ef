package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.ArrayList;
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
 * @param unknown fields the model does not know, kept as they were read
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
    /** Refuses a null {@code cwd}; keeps unmodifiable copies of the lists; takes null unknown fields for none. */
    public Process {
        Copies.required(cwd, "cwd");
        args = Copies.list(args);
        env = Copies.list(env);
        rlimits = Copies.list(rlimits);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code terminal} replaced}
     *
     * @param terminal the new value, {@code null} for absent
     */
    public Process withTerminal(Boolean terminal) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code consoleSize} replaced}
     *
     * @param consoleSize the new value, {@code null} for absent
     */
    public Process withConsoleSize(ConsoleSize consoleSize) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code user} replaced}
     *
     * @param user the new value, {@code null} for absent
     */
    public Process withUser(User user) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code args} replaced}
     *
     * @param args the new value, {@code null} for absent
     */
    public Process withArgs(List<String> args) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code commandLine} replaced}
     *
     * @param commandLine the new value, {@code null} for absent
     */
    public Process withCommandLine(String commandLine) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code env} replaced}
     *
     * @param env the new value, {@code null} for absent
     */
    public Process withEnv(List<String> env) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code cwd} replaced}
     *
     * @param cwd the new value (required)
     */
    public Process withCwd(String cwd) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code capabilities} replaced}
     *
     * @param capabilities the new value, {@code null} for absent
     */
    public Process withCapabilities(Capabilities capabilities) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code rlimits} replaced}
     *
     * @param rlimits the new value, {@code null} for absent
     */
    public Process withRlimits(List<Rlimit> rlimits) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code noNewPrivileges} replaced}
     *
     * @param noNewPrivileges the new value, {@code null} for absent
     */
    public Process withNoNewPrivileges(Boolean noNewPrivileges) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code apparmorProfile} replaced}
     *
     * @param apparmorProfile the new value, {@code null} for absent
     */
    public Process withApparmorProfile(String apparmorProfile) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code oomScoreAdj} replaced}
     *
     * @param oomScoreAdj the new value, {@code null} for absent
     */
    public Process withOomScoreAdj(Integer oomScoreAdj) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code selinuxLabel} replaced}
     *
     * @param selinuxLabel the new value, {@code null} for absent
     */
    public Process withSelinuxLabel(String selinuxLabel) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code ioPriority} replaced}
     *
     * @param ioPriority the new value, {@code null} for absent
     */
    public Process withIoPriority(IoPriority ioPriority) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code scheduler} replaced}
     *
     * @param scheduler the new value, {@code null} for absent
     */
    public Process withScheduler(Scheduler scheduler) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code execCPUAffinity} replaced}
     *
     * @param execCPUAffinity the new value, {@code null} for absent
     */
    public Process withExecCPUAffinity(ExecCpuAffinity execCPUAffinity) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Process withUnknown(UnknownFields unknown) {
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel, ioPriority, scheduler, execCPUAffinity,
                unknown);
    }

    /**
     * {@return a copy with these arguments}
     *
     * @param args the command and its arguments
     */
    public Process withArgs(String... args) {
        return withArgs(List.of(args));
    }

    /**
     * {@return a copy with the environment variable {@code name} set to {@code value}} Its entry keeps its place
     * (a later entry of the same name is dropped, so that the variable has this value whichever entry a program
     * reads); a new variable is appended.
     *
     * @param name the variable's name: not empty, no {@code =}
     * @param value its value
     * @throws IllegalArgumentException if {@code name} is empty or holds {@code =}
     */
    public Process withEnv(String name, String value) {
        if (name.isEmpty() || name.indexOf('=') >= 0) {
            throw new IllegalArgumentException("not an environment variable name: \"" + name + "\"");
        }
        String prefix = name + "=";
        String entry = prefix + value;
        List<String> edited = new ArrayList<>();
        boolean set = false;
        for (String e : env == null ? List.<String>of() : env) {
            if (!e.startsWith(prefix)) {
                edited.add(e);
            } else if (!set) {
                edited.add(entry);
                set = true;
            }
        }
        if (!set) {
            edited.add(entry);
        }
        return withEnv(edited);
    }
}
