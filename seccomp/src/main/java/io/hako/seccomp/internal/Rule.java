package io.hako.seccomp.internal;

import java.util.List;
import java.util.Objects;

/**
 * One libseccomp rule: the action for one syscall when all conditions hold. An entry of
 * {@code linux.seccomp.syscalls} becomes one rule per name (or more, see {@link Policy}).
 *
 * @param syscall the syscall's name, resolved to a number only at compile time since that is libseccomp's
 * @param action what the filter returns
 * @param conditions the comparisons, on distinct arguments (libseccomp compares each argument once a rule)
 * @param entry the JSON pointer of the {@code syscalls} entry it comes from
 * @param nameIndex the index of {@code syscall} in that entry's {@code names}
 */
public record Rule(String syscall, Action action, List<Condition> conditions, String entry, int nameIndex) {
    public Rule {
        Objects.requireNonNull(syscall, "syscall");
        Objects.requireNonNull(action, "action");
        conditions = List.copyOf(conditions);
        Objects.requireNonNull(entry, "entry");
        if (conditions.stream().map(Condition::index).distinct().count() != conditions.size()) {
            throw new IllegalArgumentException("libseccomp compares each argument at most once in a rule");
        }
    }

    /** The JSON pointer of the syscall's name, which errors and warnings about the rule name. */
    public String namePointer() {
        return Pointer.at(Pointer.at(entry, "names"), nameIndex);
    }

    /** The JSON pointer of the entry's action. */
    public String actionPointer() {
        return Pointer.at(entry, "action");
    }
}
