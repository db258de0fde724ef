package io.hako.cli.command;

import io.hako.cli.args.CommandSpec;
import io.hako.cli.args.Flag;
import io.hako.cli.request.CommandLine;
import io.hako.cli.request.CommandTable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Help texts laid out as urfave/cli lays out runc's, generated from the command table so they cannot drift. */
final class HelpPrinter {
    private static final String PROGRAM_DESCRIPTION = """
            hako is an OCI container runtime: it runs applications packaged according to the
            Open Container Initiative (OCI) format. It takes runc's command line, so containerd,
            CRI-O, podman and Docker can call it where they call runc.

            Containers are configured using bundles. A bundle for a container is a directory
            that includes a specification file named "config.json" and a root filesystem.
            "hako spec" writes a starting config.json; "hako validate" checks one.

            To start a new instance of a container:

                # hako run [ -b bundle ] <container-id>

            Where "<container-id>" is your name for the instance of the container that you
            are starting. The name you provide for the container instance must be unique on
            your host.""";

    private HelpPrinter() {}

    static void printProgramHelp(PrintStream out, BuildInfo build) {
        out.println("NAME:");
        out.println("   " + CommandLine.PROGRAM + " - Open Container Initiative runtime");
        out.println();
        out.println(PROGRAM_DESCRIPTION);
        out.println();
        out.println("USAGE:");
        out.println("   " + CommandLine.PROGRAM + " [global options] command [command options] [arguments...]");
        out.println();
        out.println("VERSION:");
        out.print("   ");
        VersionPrinter.printVersionBody(out, build);
        out.println();
        out.println("COMMANDS:");
        List<String[]> rows = new ArrayList<>();
        for (CommandSpec spec : CommandTable.all()) {
            rows.add(new String[] {names(spec), spec.usage()});
        }
        rows.add(new String[] {"help, h", "Shows a list of commands or help for one command"});
        printColumns(out, rows);
        out.println();
        out.println("GLOBAL OPTIONS:");
        printFlags(out, CommandLine.GLOBAL_FLAGS);
    }

    static void printCommandHelp(PrintStream out, CommandSpec spec) {
        String name = CommandLine.PROGRAM + " " + spec.name();
        out.println("NAME:");
        out.println("   " + name + " - " + spec.usage());
        out.println();
        out.println("USAGE:");
        boolean hasFlags = hasVisibleFlags(spec.flags());
        out.println("   " + name + (hasFlags ? " [command options] " : " ")
                + (spec.argsUsage().isEmpty() ? "[arguments...]" : spec.argsUsage()));
        if (!spec.description().isEmpty()) {
            out.println();
            out.println("DESCRIPTION:");
            for (String line : spec.description().split("\n")) {
                out.println(line.isEmpty() ? "" : "   " + line);
            }
        }
        if (hasFlags) {
            out.println();
            out.println("OPTIONS:");
            printFlags(out, spec.flags());
        }
    }

    /** One command's usage line, for the hint after a usage error. */
    static String usageLine(CommandSpec spec) {
        String args = spec.argsUsage().isEmpty() ? "[arguments...]" : spec.argsUsage().split("\n", 2)[0];
        return CommandLine.PROGRAM + " " + spec.name() + (hasVisibleFlags(spec.flags()) ? " [command options] " : " ")
                + args;
    }

    private static String names(CommandSpec spec) {
        var names = new StringBuilder(spec.name());
        for (String alias : spec.aliases()) {
            names.append(", ").append(alias);
        }
        return names.toString();
    }

    private static boolean hasVisibleFlags(List<Flag> flags) {
        for (Flag flag : flags) {
            if (!flag.hidden()) {
                return true;
            }
        }
        return false;
    }

    /** urfave's flag lines: {@code --bundle value, -b value  usage (default: ...)}. */
    private static void printFlags(PrintStream out, List<Flag> flags) {
        List<String[]> rows = new ArrayList<>();
        for (Flag flag : flags) {
            if (flag.hidden()) {
                continue;
            }
            var names = new StringBuilder();
            for (String name : flag.names()) {
                if (!names.isEmpty()) {
                    names.append(", ");
                }
                names.append(name.length() == 1 ? "-" : "--").append(name);
                if (flag.type() != Flag.Type.BOOL) {
                    names.append(" value");
                }
            }
            String usage = flag.shownDefault() == null ? flag.usage()
                    : flag.usage() + " (default: " + flag.shownDefault() + ")";
            rows.add(new String[] {names.toString(), usage});
        }
        printColumns(out, rows);
    }

    private static void printColumns(PrintStream out, List<String[]> rows) {
        int width = 0;
        for (String[] row : rows) {
            width = Math.max(width, row[0].length());
        }
        for (String[] row : rows) {
            out.println("   " + row[0] + " ".repeat(width - row[0].length() + 2) + row[1]);
        }
    }
}
