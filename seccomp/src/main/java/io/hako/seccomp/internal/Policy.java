package io.hako.seccomp.internal;

import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Syscall;
import io.hako.oci.config.SyscallArg;
import io.hako.seccomp.SeccompException;
import io.hako.seccomp.SeccompProgram;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code linux.seccomp} checked and flattened into what libseccomp is told, without calling it: every name
 * looked up in the spec's tables, every error with the JSON pointer of its field. Pure, so that it can be
 * property-tested; {@link LibseccompCompiler} then resolves syscall names and builds the filter.
 *
 * <p>Three things follow runc, which engines and profiles are written against:
 * <ul>
 *   <li>ERRNO and TRACE without an errnoRet return EPERM (the spec's default too).
 *   <li>A rule whose action (errno included) is the default action is dropped silently: it changes nothing, and
 *       libseccomp refuses it (EACCES).
 *   <li>Conditions of one entry on the same argument become one rule each, so they are OR'ed instead of
 *       AND'ed: libseccomp compares an argument at most once in a rule (EINVAL, still so in 2.6), and runc
 *       falls back to a rule per condition. hako says so in a warning, which runc does not.
 * </ul>
 * Where runc is lax and the spec is not, the spec wins: an errnoRet on an action that takes none is an error
 * (runc ignores it).
 *
 * @param defaultAction the action when no rule matches
 * @param architectures the architectures asked for beside the native one
 * @param flags the load flags asked for (TSYNC already left out)
 * @param flagsGiven whether the config has {@code flags} at all: when it has not, SPEC_ALLOW is added if the
 *     kernel has it, as runc does (seccomp otherwise turns the SSB mitigation on, at a cost to the container)
 * @param rules the rules, in the order of the config
 * @param warnings what was accepted with a change of meaning, each message starting with its pointer
 */
public record Policy(Action defaultAction, List<Arch> architectures, List<Flag> flags, boolean flagsGiven,
        List<Rule> rules, List<String> warnings) {
    /** libseccomp takes errno values below the kernel's MAX_ERRNO (4095) for SCMP_ACT_ERRNO. */
    public static final int MAX_ERRNO_RET = 4094;

    /** An architecture and where the config names it. */
    public record Arch(Architecture arch, String pointer) {}

    /** A load flag and where the config names it. */
    public record Flag(FilterFlag flag, String pointer) {}

    public Policy {
        Objects.requireNonNull(defaultAction, "defaultAction");
        architectures = List.copyOf(architectures);
        flags = List.copyOf(flags);
        rules = List.copyOf(rules);
        warnings = List.copyOf(warnings);
    }

    /** Checks and flattens {@code seccomp}; the first error found, in document order, is thrown. */
    public static Policy parse(Seccomp seccomp) throws SeccompException {
        String base = Pointer.SECCOMP;
        Action.Kind defaultKind = kind(seccomp.defaultAction(), Pointer.at(base, "defaultAction"));
        if (defaultKind == Action.Kind.NOTIFY) {
            // The stage still makes system calls after loading the filter (it hands the listener to main, then
            // execs): under a default NOTIFY they would wait for an agent that has not got the listener yet.
            throw new SeccompException(Pointer.at(base, "defaultAction"),
                    "SCMP_ACT_NOTIFY cannot be the default action");
        }
        Action defaultAction = action(defaultKind, seccomp.defaultAction(), seccomp.defaultErrnoRet(),
                Pointer.at(base, "defaultErrnoRet"));

        List<Arch> architectures = new ArrayList<>();
        List<String> archNames = seccomp.architectures() == null ? List.of() : seccomp.architectures();
        for (int i = 0; i < archNames.size(); i++) {
            String at = Pointer.at(Pointer.at(base, "architectures"), i);
            String name = archNames.get(i);
            architectures.add(new Arch(Architecture.of(name)
                    .orElseThrow(() -> new SeccompException(at, "unknown architecture " + quote(name))), at));
        }

        List<Flag> flags = new ArrayList<>();
        if (seccomp.flags() != null) {
            for (int i = 0; i < seccomp.flags().size(); i++) {
                String at = Pointer.at(Pointer.at(base, "flags"), i);
                String name = seccomp.flags().get(i);
                FilterFlag flag = FilterFlag.of(name)
                        .orElseThrow(() -> new SeccompException(at, "unknown flag " + quote(name)));
                if (flag != FilterFlag.TSYNC) {
                    flags.add(new Flag(flag, at));
                }
            }
        }

        List<Rule> rules = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Syscall> entries = seccomp.syscalls() == null ? List.of() : seccomp.syscalls();
        for (int i = 0; i < entries.size(); i++) {
            entry(entries.get(i), Pointer.at(Pointer.at(base, "syscalls"), i), defaultAction, rules, warnings);
        }
        return new Policy(defaultAction, architectures, flags, seccomp.flags() != null, rules, warnings);
    }

    private static void entry(Syscall entry, String at, Action defaultAction, List<Rule> rules, List<String> warnings)
            throws SeccompException {
        if (entry.names().isEmpty()) {
            throw new SeccompException(Pointer.at(at, "names"), "must name at least one syscall");
        }
        Action action = action(kind(entry.action(), Pointer.at(at, "action")), entry.action(), entry.errnoRet(),
                Pointer.at(at, "errnoRet"));
        List<Condition> conditions = new ArrayList<>();
        List<SyscallArg> args = entry.args() == null ? List.of() : entry.args();
        for (int k = 0; k < args.size(); k++) {
            conditions.add(condition(args.get(k), Pointer.at(Pointer.at(at, "args"), k)));
        }
        for (int j = 0; j < entry.names().size(); j++) {
            if (entry.names().get(j).isEmpty()) {
                throw new SeccompException(Pointer.at(Pointer.at(at, "names"), j), "is not a syscall name");
            }
            if (action.kind() == Action.Kind.NOTIFY && entry.names().get(j).equals("write")) {
                // runc's rule and words: its init writes to its parent after loading the filter, which would then
                // wait for an agent that cannot have the listener yet. Engines match the text.
                throw new SeccompException(Pointer.at(Pointer.at(at, "names"), j),
                        "SCMP_ACT_NOTIFY cannot be used for the write syscall");
            }
        }
        if (action.equals(defaultAction)) {
            return;
        }
        Set<Integer> indexes = new HashSet<>();
        boolean sameArgument = !conditions.stream().allMatch(c -> indexes.add(c.index()));
        if (sameArgument) {
            warnings.add(Pointer.at(at, "args") + ": conditions on the same argument are OR'ed, not AND'ed:"
                    + " libseccomp compares an argument once in a rule, so each condition becomes a rule of its own,"
                    + " as with runc");
        }
        for (int j = 0; j < entry.names().size(); j++) {
            String name = entry.names().get(j);
            if (sameArgument) {
                for (Condition c : conditions) {
                    rules.add(new Rule(name, action, List.of(c), at, j));
                }
            } else {
                rules.add(new Rule(name, action, conditions, at, j));
            }
        }
    }

    private static Action.Kind kind(String name, String at) throws SeccompException {
        return Action.kind(name).orElseThrow(() -> new SeccompException(at, "unknown action " + quote(name)));
    }

    private static Action action(Action.Kind kind, String name, Long errnoRet, String at) throws SeccompException {
        if (errnoRet == null) {
            return new Action(kind, kind.takesData() ? Action.DEFAULT_ERRNO : 0);
        }
        if (!kind.takesData()) {
            // The spec: "When the action doesn't support an errno, the runtime MUST print and error and fail."
            throw new SeccompException(at, name + " takes no errno; only SCMP_ACT_ERRNO and SCMP_ACT_TRACE do");
        }
        long max = kind == Action.Kind.ERRNO ? MAX_ERRNO_RET : 0xffff;
        if (errnoRet < 0 || errnoRet > max) {
            throw new SeccompException(at, (kind == Action.Kind.ERRNO ? "errno " : "trace message ") + errnoRet
                    + " is out of range for " + name + ": 0 to " + max);
        }
        return new Action(kind, (int) (long) errnoRet);
    }

    private static Condition condition(SyscallArg arg, String at) throws SeccompException {
        if (arg.index() < 0 || arg.index() >= Condition.ARGUMENTS) {
            throw new SeccompException(Pointer.at(at, "index"),
                    "syscalls have six arguments (0 to 5), got " + Long.toUnsignedString(arg.index()));
        }
        Operator op = Operator.of(arg.op())
                .orElseThrow(() -> new SeccompException(Pointer.at(at, "op"), "unknown operator " + quote(arg.op())));
        return new Condition((int) arg.index(), op, arg.value(), arg.valueTwo() == null ? 0 : arg.valueTwo());
    }

    /**
     * Refuses an action that the library and kernel at hand cannot return ({@code apiLevel} is libseccomp's,
     * which it derives from both), naming the first place that uses it.
     */
    public void checkActions(int apiLevel) throws SeccompException {
        check(defaultAction, Pointer.at(Pointer.SECCOMP, "defaultAction"), apiLevel);
        for (Rule rule : rules) {
            check(rule.action(), rule.actionPointer(), apiLevel);
        }
    }

    private static void check(Action action, String at, int apiLevel) throws SeccompException {
        if (action.kind().apiLevel() > apiLevel) {
            throw new SeccompException(at, action.kind().specName()
                    + " is not supported here: it needs libseccomp API level " + action.kind().apiLevel()
                    + " (the library and the kernel both new enough), this host has " + apiLevel);
        }
    }

    /**
     * The {@code SECCOMP_FILTER_FLAG_*} bits to load the filter with.
     *
     * @param supported the flags the library and kernel at hand can honour
     * @param notify whether the filter returns SCMP_ACT_NOTIFY: then NEW_LISTENER, so that loading returns the
     *     listener
     * @throws SeccompException naming the flag that cannot be honoured
     */
    public int loadFlags(Set<FilterFlag> supported, boolean notify) throws SeccompException {
        int bits = notify ? SeccompProgram.FLAG_NEW_LISTENER : 0;
        if (!flagsGiven) {
            return supported.contains(FilterFlag.SPEC_ALLOW) ? bits | FilterFlag.SPEC_ALLOW.bit() : bits;
        }
        for (Flag f : flags) {
            if (!supported.contains(f.flag())) {
                throw new SeccompException(f.pointer(), f.flag().specName() + " is not supported by this kernel"
                        + " or libseccomp");
            }
            if (f.flag() == FilterFlag.WAIT_KILLABLE_RECV && !notify) {
                throw new SeccompException(f.pointer(), f.flag().specName() + " needs a rule with SCMP_ACT_NOTIFY:"
                        + " the kernel refuses it on a filter without a listener");
            }
            bits |= f.flag().bit();
        }
        return bits;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
