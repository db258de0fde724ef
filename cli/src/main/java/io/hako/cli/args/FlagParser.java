package io.hako.cli.args;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses arguments the way runc does: urfave/cli v1 moving a command's flags in front of its positional
 * arguments, then Go's {@code flag} package reading them.
 *
 * <p>What that means for callers:
 * <ul>
 *   <li>{@code -name} and {@code --name} are the same flag; a value is {@code -name=value} or the next
 *       argument; bool flags take only the {@code =value} form.
 *   <li>Flags may come after positional arguments ({@code kill ID -a}), unless the command keeps its
 *       arguments in order ({@code exec}, {@code ps}: what follows the id belongs to the process).
 *   <li>{@code --} ends the flags.
 *   <li>Errors are worded like Go's: {@code flag provided but not defined: -bad},
 *       {@code flag needs an argument: -b}, {@code invalid value "x" for flag -preserve-fds: parse error}.
 * </ul>
 *
 * <p>One deliberate difference: urfave moves the argument after a <em>bool</em> flag along with it, as if it
 * were the flag's value, which reorders positional arguments ({@code kill ID --all 9} would read 9 as the id).
 * Here a bool flag never claims the next argument. Engines put flags first, where both behave the same.
 */
public final class FlagParser {
    private FlagParser() {}

    /**
     * Parses {@code args} against {@code flags}.
     *
     * @param reorder move known flags in front of positional arguments, as urfave does for commands that do
     *     not set {@code SkipArgReorder}
     */
    public static ParsedArgs parse(List<Flag> flags, List<String> args, boolean reorder) throws UsageException {
        Map<String, Flag> byName = new HashMap<>();
        for (Flag flag : flags) {
            for (String name : flag.names()) {
                byName.put(name, flag);
            }
        }
        List<String> ordered = reorder ? reorder(byName, args) : args;

        Map<String, Object> values = new HashMap<>();
        Set<String> namesUsed = new LinkedHashSet<>();
        int i = 0;
        while (i < ordered.size()) {
            String arg = ordered.get(i);
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                break;
            }
            int dashes = arg.charAt(1) == '-' ? 2 : 1;
            if (dashes == 2 && arg.length() == 2) {
                i++;
                break;
            }
            String name = arg.substring(dashes);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                throw new UsageException("bad flag syntax: " + arg);
            }
            i++;
            String value = null;
            int equals = name.indexOf('=', 1);
            if (equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            Flag flag = byName.get(name);
            if (flag == null) {
                throw new UsageException("flag provided but not defined: -" + name);
            }
            if (!flag.type().takesValue()) {
                try {
                    values.put(flag.name(), value == null || GoSyntax.parseBool(value));
                } catch (GoSyntax.SyntaxError e) {
                    throw new UsageException("invalid boolean value " + GoSyntax.quote(value) + " for -" + name
                            + ": " + e.getMessage());
                }
            } else {
                if (value == null) {
                    if (i == ordered.size()) {
                        throw new UsageException("flag needs an argument: -" + name);
                    }
                    value = ordered.get(i++);
                }
                try {
                    set(values, flag, value);
                } catch (GoSyntax.SyntaxError e) {
                    throw new UsageException("invalid value " + GoSyntax.quote(value) + " for flag -" + name + ": "
                            + e.getMessage());
                }
            }
            namesUsed.add(name);
        }
        refuseTwoForms(flags, namesUsed);
        return new ParsedArgs(values, ordered.subList(i, ordered.size()));
    }

    private static void set(Map<String, Object> values, Flag flag, String value) throws GoSyntax.SyntaxError {
        switch (flag.type()) {
            case STRING -> values.put(flag.name(), value);
            case INT -> values.put(flag.name(), GoSyntax.parseInt(value));
            case DURATION -> values.put(flag.name(), GoSyntax.parseDuration(value));
            case STRING_LIST -> append(values, flag, value);
            case INT_LIST -> append(values, flag, GoSyntax.parseInt(value));
            case BOOL -> throw new IllegalStateException("bool flags take no separate value");
        }
    }

    @SuppressWarnings("unchecked")
    private static void append(Map<String, Object> values, Flag flag, Object element) {
        var list = (List<Object>) values.get(flag.name());
        if (list == null) {
            list = new ArrayList<>();
            values.put(flag.name(), list);
        }
        list.add(element);
    }

    /** urfave's {@code normalizeFlags}: a flag given under two of its names is an error. */
    private static void refuseTwoForms(List<Flag> flags, Set<String> namesUsed) throws UsageException {
        for (Flag flag : flags) {
            String first = null;
            for (String name : flag.names()) {
                if (namesUsed.contains(name)) {
                    if (first != null) {
                        throw new UsageException("Cannot use two forms of the same flag: " + name + " " + first);
                    }
                    first = name;
                }
            }
        }
    }

    /** urfave's {@code reorderArgs}: known flags (with their values) first, then the rest in order. */
    private static List<String> reorder(Map<String, Flag> byName, List<String> args) {
        List<String> flags = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        boolean nextMayBeValue = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            Flag flag = knownFlag(byName, arg);
            if (nextMayBeValue && flag == null) {
                nextMayBeValue = false;
                flags.add(arg);
            } else if (arg.equals("--")) {
                rest.addFirst("--");
                rest.addAll(args.subList(i + 1, args.size()));
                break;
            } else if (flag != null) {
                flags.add(arg);
                nextMayBeValue = flag.type().takesValue() && !arg.contains("=");
            } else {
                rest.add(arg);
            }
        }
        flags.addAll(rest);
        return flags;
    }

    /** urfave's {@code argIsFlag}: the flag {@code arg} names, if it is one of the command's. */
    private static Flag knownFlag(Map<String, Flag> byName, String arg) {
        if (arg.equals("-") || arg.equals("--") || !arg.startsWith("-")) {
            return null;
        }
        String name = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
        if (name.startsWith("-")) {
            name = name.substring(1);
        }
        int equals = name.indexOf('=');
        return byName.get(equals >= 0 ? name.substring(0, equals) : name);
    }
}
