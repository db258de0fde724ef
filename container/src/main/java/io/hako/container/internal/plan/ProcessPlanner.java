package io.hako.container.internal.plan;

import io.hako.oci.SpecValidator;
import io.hako.oci.config.Hook;
import io.hako.oci.config.Process;
import io.hako.oci.config.Rlimit;
import io.hako.seccomp.SeccompProgram;
import io.hako.security.SecurityModule;
import io.hako.security.capabilities.CapabilitySets;
import java.util.ArrayList;
import java.util.List;

/**
 * The process's part of a plan, the same for a container's init and a process exec'd into it: limits, user and
 * groups, capabilities, seccomp, LSM labels, the executable, readiness, the start and the exec. Pure.
 */
final class ProcessPlanner {
    private ProcessPlanner() {}


    static boolean empty(List<Hook> hooks) {
        return hooks == null || hooks.isEmpty();
    }

    /**
     * The init's createContainer or startContainer hooks. One without {@code env} gets the environment the init
     * has then, as runc's do: the process's ({@code processEnv}), with the HOME the stage found for it once it has
     * looked (so a startContainer hook has it, a createContainer hook not yet).
     */
    static void addHooks(List<Op> ops, List<Hook> hooks, List<String> processEnv) {
        if (hooks == null) {
            return;
        }
        for (Hook hook : hooks) {
            List<String> argv = hook.args() == null || hook.args().isEmpty() ? List.of(hook.path()) : hook.args();
            boolean inherits = hook.env() == null;
            ops.add(Op.of(OpCode.RUN_HOOK, hook.path(), argv, inherits ? processEnv : hook.env(),
                    (int) (hook.timeout() == null ? 0 : (long) hook.timeout()), inherits ? 1 : 0));
        }
    }

    /**
     * The process's environment as it is exec'd, but for the HOME the stage may add: its {@code env} and what the
     * runtime adds, an empty {@code HOME=} left out when the stage is to find one.
     */
    static List<String> environment(Process process, List<String> extraEnv) {
        List<String> env = new ArrayList<>(process.env() == null ? List.of() : process.env());
        env.addAll(extraEnv);
        if (needsHome(env)) {
            env.removeIf(variable -> variable.equals("HOME="));
        }
        return env;
    }

    /** runc's rule: no HOME, or an empty one, becomes the user's home in the container's passwd, or "/". */
    private static boolean needsHome(List<String> env) {
        return env.stream().noneMatch(variable -> variable.startsWith("HOME=") && variable.length() > 5);
    }

    /**
     * What process settings need besides the process: the same for a container's init and an exec'd process, but
     * that an init makes a missing working directory (runc does; its exec fails instead). {@code rootlessEuid}: hako
     * runs as a user other than root (runc's RootlessEUID), whose container keeps the groups it is given.
     */
    record Inputs(int lastCap, List<String> extraEnv, SeccompProgram seccomp,
            List<SecurityModule.ExecLabel> execLabels, int execFifoFd, List<Hook> startHooks, boolean makeCwd,
            boolean rootlessEuid) {}

    static void processSettings(List<Op> ops, Inputs request, Process process, List<String> warnings,
            List<String> debug) throws PlanException {
        if (process.rlimits() != null) {
            for (int i = 0; i < process.rlimits().size(); i++) {
                Rlimit limit = process.rlimits().get(i);
                ops.add(Op.of(OpCode.RLIMIT, rlimitNumber(limit.type()), limit.soft(), limit.hard()));
            }
        }
        if (process.oomScoreAdj() != null) {
            ops.add(Op.of(OpCode.OOM_SCORE_ADJ, (long) process.oomScoreAdj()));
        }
        var user = process.user();
        long uid = user == null || user.uid() == null ? 0 : user.uid();
        long gid = user == null || user.gid() == null ? 0 : user.gid();
        // The working directory first: one made for it is 0755 whatever the process's own umask.
        ops.add(Op.of(OpCode.CHDIR, process.cwd(), request.makeCwd() ? 1 : 0));
        ops.add(Op.of(OpCode.UMASK, (int) (user == null || user.umask() == null ? 0022 : (long) user.umask())));
        List<String> env = environment(process, request.extraEnv());
        if (needsHome(env)) {
            ops.add(Op.of(OpCode.DEFAULT_HOME, (int) uid));
        }
        // Before the uid change and a filter: a process that is not root can then use its stdio (its terminal).
        ops.add(Op.of(OpCode.STDIO_OWNER, (int) uid));
        List<Integer> groups = new ArrayList<>();
        if (user != null && user.additionalGids() != null) {
            user.additionalGids().forEach(g -> groups.add((int) (long) g));
        }
        if (request.rootlessEuid()) {
            // Without root the groups cannot be chosen: runc refuses additional ones and leaves the rest as is.
            if (!groups.isEmpty()) {
                throw new PlanException("/process/user/additionalGids", "cannot set any additional groups in a "
                        + "rootless container");
            }
        } else {
            ops.add(Op.of(OpCode.GROUPS, groups));
        }
        boolean noNewPrivileges = Boolean.TRUE.equals(process.noNewPrivileges());
        SeccompProgram seccomp = request.seccomp();
        if (seccomp != null && !noNewPrivileges) {
            // Without no_new_privs, loading a filter needs CAP_SYS_ADMIN: before the uid change and the
            // capability drop. The filter then also sees the set-up's last system calls, as with runc.
            ops.add(Op.of(OpCode.SECCOMP, seccomp.flags(), seccomp.filter()));
        }
        ops.add(Op.of(OpCode.USER, (int) uid, (int) gid));
        CapabilitySets caps = CapabilitySets.of(process.capabilities(), request.lastCap());
        warnings.addAll(caps.warnings());
        // The kernel raises an ambient capability only if it is permitted and inheritable; runc's default spec
        // lists ambient ones without inheritable, and runc goes on without them, silently. So does hako, saying so
        // at debug level only: a warning on every container of the default spec is noise to engines.
        long ambient = caps.ambient() & caps.permitted() & caps.inheritable();
        if (ambient != caps.ambient()) {
            debug.add("ambient capabilities that are not both permitted and inheritable are left out: "
                    + String.join(", ", CapabilitySets.names(caps.ambient() & ~ambient)));
        }
        ops.add(Op.of(OpCode.CAPABILITIES, caps.bounding(), caps.effective(), caps.permitted(), caps.inheritable(),
                ambient));
        if (noNewPrivileges) {
            ops.add(Op.of(OpCode.NO_NEW_PRIVILEGES));
        }
        ops.add(Op.of(OpCode.FIND_EXECUTABLE, process.args().get(0), env));
        for (SecurityModule.ExecLabel label : request.execLabels()) {
            // Takes effect at the exec; before a late filter, which might not let the write through.
            ops.add(Op.of(OpCode.LSM_LABEL, label.attribute(), label.value()));
        }
        if (seccomp != null && noNewPrivileges) {
            // As late as it can be: the filter sees only reporting ready, the start fifo and the exec.
            ops.add(Op.of(OpCode.SECCOMP, seccomp.flags(), seccomp.filter()));
        }
        ops.add(Op.of(OpCode.READY));
        if (request.execFifoFd() >= 0) {
            ops.add(Op.of(OpCode.WAIT_START, request.execFifoFd()));
        }
        // startContainer hooks: once start has released the init, just before the process is execed.
        addHooks(ops, request.startHooks(), env);
        ops.add(Op.of(OpCode.EXEC, process.args(), env));
    }

    /** The RLIMIT_* number of a name (the same on x86_64 and aarch64). */
    static int rlimitNumber(String type) throws PlanException {
        int number = SpecValidator.RLIMITS.indexOf(type);
        if (number < 0) {
            throw new PlanException("/process/rlimits", "unknown resource limit \"" + type + "\"");
        }
        return number;
    }
}
