package io.hako.cli.args;

import java.util.ArrayList;
import java.util.List;

/**
 * A command of the command line as urfave/cli describes one: its name and aliases, its help texts, its
 * flags and how many positional arguments it takes.
 *
 * @param name what the user types
 * @param aliases other names for it
 * @param usage the one-line summary shown in the command list
 * @param argsUsage the positional arguments and any notes on them, as shown after the usage line
 * @param description a longer explanation, may be empty
 * @param flags the command's flags, without {@code --help} (every command has it; see {@link #parse})
 * @param arity how many positional arguments it takes
 * @param keepsOrder whether flags must come before the first positional argument (urfave's
 *     {@code SkipArgReorder}): true where what follows the id belongs to another program ({@code exec}, {@code ps})
 */
public record CommandSpec(
        String name,
        List<String> aliases,
        String usage,
        String argsUsage,
        String description,
        List<Flag> flags,
        Arity arity,
        boolean keepsOrder) {

    /** The flag every command has, as urfave adds it. */
    public static final Flag HELP = Flag.bool("help, h", "show help");

    public CommandSpec {
        aliases = List.copyOf(aliases);
        flags = List.copyOf(flags);
    }

    /** Whether {@code word} names this command. */
    public boolean isCalled(String word) {
        return name.equals(word) || aliases.contains(word);
    }

    /**
     * Parses the arguments after the command's name. The arity is not checked here: {@code --help} wins over
     * a missing argument, so the caller checks {@link ParsedArgs#bool bool("help")} first.
     */
    public ParsedArgs parse(List<String> args) throws UsageException {
        var all = new ArrayList<Flag>(flags.size() + 1);
        all.addAll(flags);
        all.add(HELP);
        return FlagParser.parse(all, args, !keepsOrder);
    }
}
