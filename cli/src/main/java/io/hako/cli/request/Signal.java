package io.hako.cli.request;

import io.hako.cli.args.GoSyntax;
import io.hako.cli.args.UsageException;
import java.util.List;
import java.util.Locale;

/**
 * A signal as {@code kill} takes it: a number ({@code 9}, what containerd and podman pass), a name with or
 * without {@code SIG} in any case ({@code KILL}, {@code sigkill}, what CRI-O passes), or a real-time signal
 * ({@code SIGRTMIN+3}, {@code RTMAX-1}; runc does not take these, crun and moby do).
 *
 * <p>Numbers are Linux's generic ones (x86, arm, riscv, ...). Real-time signals run from 34 to 64: glibc
 * keeps 32 and 33 for itself, so {@code SIGRTMIN} as programs see it is 34.
 *
 * @param number the signal number, 0 (which only checks that the process exists) to 64
 */
public record Signal(int number) {
    public static final int RTMIN = 34;
    public static final int RTMAX = 64;
    public static final Signal SIGKILL = new Signal(9);
    public static final Signal SIGTERM = new Signal(15);

    /** The names of signals 1 to 31, index = number - 1. */
    private static final List<String> NAMES = List.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

    public Signal {
        if (number < 0 || number > RTMAX) {
            throw new IllegalArgumentException("no signal " + number);
        }
    }

    /** Reads a signal as runc's {@code kill} does; anything else is {@code unknown signal "X"}. */
    public static Signal parse(String raw) throws UsageException {
        if (isDecimal(raw)) {
            try {
                long n = Long.parseLong(raw);
                if (n >= 0 && n <= RTMAX) {
                    return new Signal((int) n);
                }
            } catch (NumberFormatException tooLong) {
                // beyond a long: unknown, like any other number that is no signal
            }
            throw unknown(raw);
        }
        String name = raw.toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        int index = NAMES.indexOf(name);
        if (index >= 0) {
            return new Signal(index + 1);
        }
        int realtime = realtime(name);
        if (realtime >= 0) {
            return new Signal(realtime);
        }
        throw unknown(raw);
    }

    /** {@code RTMIN}, {@code RTMIN+n}, {@code RTMAX}, {@code RTMAX-n} within 34..64, else -1. */
    private static int realtime(String name) {
        int base;
        int sign;
        if (name.startsWith("RTMIN")) {
            base = RTMIN;
            sign = 1;
        } else if (name.startsWith("RTMAX")) {
            base = RTMAX;
            sign = -1;
        } else {
            return -1;
        }
        String offset = name.substring(5);
        if (offset.isEmpty()) {
            return base;
        }
        if (offset.charAt(0) != (sign > 0 ? '+' : '-') || !isDecimal(offset.substring(1))
                || offset.length() > 3) {
            return -1;
        }
        int n = base + sign * Integer.parseInt(offset.substring(1));
        return n >= RTMIN && n <= RTMAX ? n : -1;
    }

    /** Go's {@code strconv.Atoi} form: an optional sign and decimal digits. */
    private static boolean isDecimal(String s) {
        int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (start == s.length()) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static UsageException unknown(String raw) {
        return new UsageException("unknown signal " + GoSyntax.quote(raw));
    }

    /** The conventional name: {@code SIGKILL}, {@code SIGRTMIN+3}; a bare number for 0, 32 and 33. */
    public String name() {
        if (number >= 1 && number <= NAMES.size()) {
            return "SIG" + NAMES.get(number - 1);
        }
        if (number >= RTMIN) {
            int fromMin = number - RTMIN;
            int fromMax = RTMAX - number;
            return fromMin == 0 ? "SIGRTMIN" : fromMax == 0 ? "SIGRTMAX"
                    : fromMin <= fromMax ? "SIGRTMIN+" + fromMin : "SIGRTMAX-" + fromMax;
        }
        return Integer.toString(number);
    }

    @Override
    public String toString() {
        return name() + "(" + number + ")";
    }
}
