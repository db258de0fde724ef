package io.hako.cli.args;

import java.util.List;
import java.util.Objects;

/**
 * One flag of a command, declared as urfave/cli v1 declares it (runc's parser): a primary name and aliases,
 * given together as {@code "bundle, b"}, a value type, a usage line and the default shown in help.
 *
 * <p>A one-letter name is written {@code -b} in help, a longer one {@code --bundle}; on the command line Go's
 * flag package takes either with one or two dashes ({@code -detach}, {@code --detach}, {@code -b=x}).
 *
 * @param names the primary name first, then aliases
 * @param type what the flag's value is
 * @param usage the help line
 * @param shownDefault the default printed in help ({@code null} for none)
 * @param hidden accepted but not listed in help (flags runc keeps for compatibility)
 */
public record Flag(List<String> names, Type type, String usage, String shownDefault, boolean hidden) {

    /** Value types, each parsed the way Go's flag package and urfave/cli parse it. */
    public enum Type {
        /** {@code --x}, {@code --x=true|false|1|0|t|f}; never takes the next argument. */
        BOOL,
        /** Any string, from {@code --x=v} or the next argument (even one starting with a dash). */
        STRING,
        /** A Go integer literal: decimal, {@code 0x..}, {@code 0o..}, {@code 0b..}, leading-zero octal. */
        INT,
        /** A Go duration: {@code 300ms}, {@code 5s}, {@code 1h2m}. */
        DURATION,
        /** A string that may be repeated; each occurrence adds one element. */
        STRING_LIST,
        /** A Go integer that may be repeated; each occurrence adds one element. */
        INT_LIST;

        boolean takesValue() {
            return this != BOOL;
        }
    }

    public Flag {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a flag needs a name");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(usage, "usage");
    }

    /** A flag named like urfave's {@code Name} field: {@code "all, a"}. */
    public static Flag of(String names, Type type, String usage) {
        return new Flag(split(names), type, usage, null, false);
    }

    public static Flag bool(String names, String usage) {
        return of(names, Type.BOOL, usage);
    }

    public static Flag string(String names, String usage) {
        return of(names, Type.STRING, usage);
    }

    /** This flag with a default shown in help as {@code (default: ...)}. */
    public Flag withShownDefault(String shown) {
        return new Flag(names, type, usage, shown, hidden);
    }

    /** This flag, accepted but left out of help. */
    public Flag asHidden() {
        return new Flag(names, type, usage, shownDefault, true);
    }

    /** The primary name, under which the parsed value is found. */
    public String name() {
        return names.getFirst();
    }

    private static List<String> split(String names) {
        // A plain loop: this runs on every JVM start, where streams and lambdas cost class loading.
        var result = new java.util.ArrayList<String>(2);
        for (String name : names.split(",")) {
            if (!name.isBlank()) {
                result.add(name.strip());
            }
        }
        return result;
    }
}
