package io.hako.seccomp.internal;

import java.util.Optional;

/**
 * The argument comparisons, with their values in libseccomp's {@code enum scmp_compare}. Comparisons are on the
 * 64-bit argument as unsigned, as the kernel's BPF compares.
 */
public enum Operator {
    NE(1),
    LT(2),
    LE(3),
    EQ(4),
    GE(5),
    GT(6),
    /** {@code (arg & value) == valueTwo}: libseccomp's datum_a is the mask, datum_b the datum. */
    MASKED_EQ(7);

    private final int value;

    Operator(int value) {
        this.value = value;
    }

    /** The value in {@code enum scmp_compare}. */
    public int value() {
        return value;
    }

    /** The spec's name, {@code SCMP_CMP_EQ}. */
    public String specName() {
        return "SCMP_CMP_" + name();
    }

    /** The operator the spec names {@code name}, empty when there is none. */
    public static Optional<Operator> of(String name) {
        for (Operator op : values()) {
            if (op.specName().equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether an argument {@code arg} satisfies this comparison with {@code value} and {@code valueTwo}: what the
     * kernel will compute with the compiled filter, written out so that tests can say what to expect.
     */
    public boolean matches(long arg, long value, long valueTwo) {
        return switch (this) {
            case NE -> arg != value;
            case LT -> Long.compareUnsigned(arg, value) < 0;
            case LE -> Long.compareUnsigned(arg, value) <= 0;
            case EQ -> arg == value;
            case GE -> Long.compareUnsigned(arg, value) >= 0;
            case GT -> Long.compareUnsigned(arg, value) > 0;
            case MASKED_EQ -> (arg & value) == valueTwo;
        };
    }
}
