package io.hako.cli.args;

import java.util.List;

/**
 * How many positional arguments a command takes, checked as runc's {@code checkArgs} checks them and with
 * its wording ({@code hako: "create" requires exactly 1 argument(s)}).
 *
 * @param min the fewest
 * @param max the most, {@link Integer#MAX_VALUE} for no limit
 */
public record Arity(int min, int max) {
    public static final Arity NONE = new Arity(0, 0);
    public static final Arity ONE = new Arity(1, 1);

    public static Arity atLeast(int min) {
        return new Arity(min, Integer.MAX_VALUE);
    }

    public static Arity between(int min, int max) {
        return new Arity(min, max);
    }

    /** Refuses {@code positionals} unless their number fits; {@code program} and {@code command} name the call. */
    public void check(String program, String command, List<String> positionals) throws UsageException {
        int n = positionals.size();
        String prefix = program + ": \"" + command + "\" requires ";
        if (min == max && n != min) {
            throw new UsageException(prefix + "exactly " + min + " argument(s)");
        }
        if (n < min) {
            throw new UsageException(prefix + "a minimum of " + min + " argument(s)");
        }
        if (n > max) {
            throw new UsageException(prefix + "a maximum of " + max + " argument(s)");
        }
    }
}
