package io.hako.seccomp.internal;

import java.util.Objects;

/**
 * One argument comparison of a rule, as libseccomp's {@code struct scmp_arg_cmp} holds it.
 *
 * @param index the argument, 0 to 5
 * @param op the comparison
 * @param value datum_a: the value compared with, or the mask of MASKED_EQ (a uint64 in a long's bits)
 * @param valueTwo datum_b: the value MASKED_EQ compares the masked argument with; unused by the others
 */
public record Condition(int index, Operator op, long value, long valueTwo) {
    /** System calls take at most six arguments. */
    public static final int ARGUMENTS = 6;

    public Condition {
        Objects.requireNonNull(op, "op");
        if (index < 0 || index >= ARGUMENTS) {
            throw new IllegalArgumentException("argument index " + index + " is not 0 to 5");
        }
    }
}
