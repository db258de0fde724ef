package io.hako.cli.request;

import static io.hako.cli.args.Flag.Type.DURATION;
import static io.hako.cli.args.Flag.Type.INT;
import static io.hako.cli.args.Flag.Type.INT_LIST;
import static io.hako.cli.args.Flag.Type.STRING_LIST;

import io.hako.cli.args.Arity;
import io.hako.cli.args.CommandSpec;
import io.hako.cli.args.Flag;
import io.hako.cli.args.GoSyntax;
import io.hako.cli.args.ParsedArgs;
import io.hako.cli.args.UsageException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * runc's commands with their flags (runc 1.1.5, plus what runc 1.2–1.4 added and engines pass:
 * {@code --pidfd-socket}, {@code update --cpu-burst/--cpu-idle}, {@code checkpoint --tcp-skip-in-flight
 * /--link-remap}), hako's own {@code validate} and {@code plan}, and how each turns parsed arguments into a {@link Request}.
 */
public final class CommandTable {
    private CommandTable() {}

    private static final String ID = "<container-id>";
    private static final String ID_NOTE = ID + "\n\nWhere \"<container-id>\" is the name for the instance of the container.";
    private static final String NEW_ID_NOTE = ID + "\n\nWhere \"<container-id>\" is your name for the instance of the "
            + "container that you are\nstarting. The name you provide for the container instance must be unique "
            + "on\nyour host.";

    private static final Flag BUNDLE = Flag.string("bundle, b",
            "path to the root of the bundle directory, defaults to the current directory");
    private static final Flag CONSOLE_SOCKET = Flag.string("console-socket", "path to an AF_UNIX socket which will "
            + "receive a file descriptor referencing the master end of the console's pseudoterminal");
    private static final Flag PIDFD_SOCKET = Flag.string("pidfd-socket",
            "path to an AF_UNIX socket which will receive a file descriptor referencing the process");
    private static final Flag PID_FILE = Flag.string("pid-file", "specify the file to write the process id to");
    private static final Flag NO_PIVOT = Flag.bool("no-pivot", "do not use pivot root to jail process inside rootfs. "
            + " This should be used whenever the rootfs is on top of a ramdisk");
    private static final Flag NO_NEW_KEYRING = Flag.bool("no-new-keyring", "do not create a new session keyring for "
            + "the container.  This will cause the container to inherit the calling processes session key");
    private static final Flag PRESERVE_FDS = Flag.of("preserve-fds", INT, "Pass N additional file descriptors to the "
            + "container (stdio + $LISTEN_FDS + N in total)").withShownDefault("0");
    private static final Flag DETACH = Flag.bool("detach, d", "detach from the container's process");
    private static final Flag NO_SUBREAPER = Flag.bool("no-subreaper",
            "disable the use of the subreaper used to reap reparented processes");
    private static final Flag IMAGE_PATH = Flag.string("image-path", "path to criu image files");
    private static final Flag WORK_PATH = Flag.string("work-path", "path for saving work files and logs");
    private static final Flag TCP_ESTABLISHED = Flag.bool("tcp-established", "allow open tcp connections");
    private static final Flag EXT_UNIX_SK = Flag.bool("ext-unix-sk", "allow external unix sockets");
    private static final Flag SHELL_JOB = Flag.bool("shell-job", "allow shell jobs");
    private static final Flag FILE_LOCKS = Flag.bool("file-locks", "handle file locks, for safety");
    private static final Flag LAZY_PAGES = Flag.bool("lazy-pages", "use userfaultfd to lazily restore memory pages");
    private static final Flag MANAGE_CGROUPS_MODE = Flag.string("manage-cgroups-mode",
            "cgroups mode: soft|full|strict|ignore (default: soft)");
    private static final Flag EMPTY_NS = Flag.of("empty-ns", STRING_LIST,
            "create a namespace, but don't restore its properties");
    private static final Flag AUTO_DEDUP = Flag.bool("auto-dedup", "enable auto deduplication of memory images");
    private static final Flag FORMAT = Flag.string("format, f", "select one of: table or json")
            .withShownDefault("\"table\"");

    private static final List<CommandSpec> ALL = List.of(
            new CommandSpec("checkpoint", List.of(), "checkpoint a running container",
                    ID_NOTE, "The checkpoint command saves the state of the container instance.",
                    List.of(IMAGE_PATH, WORK_PATH,
                            Flag.string("parent-path", "path for previous criu image files in pre-dump"),
                            Flag.bool("leave-running", "leave the process running after checkpointing"),
                            TCP_ESTABLISHED,
                            Flag.bool("tcp-skip-in-flight", "skip in-flight tcp connections"),
                            Flag.bool("link-remap", "allow one to link unlinked files back when possible"),
                            EXT_UNIX_SK, SHELL_JOB, LAZY_PAGES,
                            Flag.of("status-fd", INT, "criu writes \\0 to this FD once lazy-pages is ready")
                                    .withShownDefault("-1"),
                            Flag.string("page-server", "ADDRESS:PORT of the page server"),
                            FILE_LOCKS,
                            Flag.bool("pre-dump", "dump container's memory information only, leave the container "
                                    + "running after this"),
                            MANAGE_CGROUPS_MODE, EMPTY_NS, AUTO_DEDUP),
                    Arity.ONE, false),
            new CommandSpec("create", List.of(), "create a container", NEW_ID_NOTE,
                    "The create command creates an instance of a container for a bundle. The bundle\n"
                            + "is a directory with a specification file named \"config.json\" and a root\n"
                            + "filesystem. The container's process waits until \"hako start\" lets it run.",
                    List.of(BUNDLE, CONSOLE_SOCKET, PIDFD_SOCKET, PID_FILE, NO_PIVOT, NO_NEW_KEYRING, PRESERVE_FDS,
                            // go-runc can pass it; runc 1.1 refuses it, create always detaches anyway.
                            DETACH.asHidden()),
                    Arity.ONE, false),
            new CommandSpec("delete", List.of(), "delete any resources held by the container often used with "
                    + "detached container", ID_NOTE, "",
                    List.of(Flag.bool("force, f",
                            "Forcibly deletes the container if it is still running (uses SIGKILL)")),
                    Arity.ONE, false),
            new CommandSpec("events", List.of(), "display container events such as OOM notifications, cpu, memory, "
                    + "and IO usage statistics", ID_NOTE,
                    "The events command displays information about the container. By default the\n"
                            + "information is displayed once every 5 seconds.",
                    List.of(Flag.of("interval", DURATION, "set the stats collection interval").withShownDefault("5s"),
                            Flag.bool("stats", "display the container's stats then exit")),
                    Arity.ONE, false),
            new CommandSpec("exec", List.of(), "execute new process inside the container",
                    ID + " <command> [command options]  || -p process.json " + ID + "\n\n"
                            + "Where \"<container-id>\" is the name for the instance of the container and\n"
                            + "\"<command>\" is the command to be executed in the container.\n"
                            + "\"<command>\" can't be empty unless a \"-p\" flag provided. Options must come\n"
                            + "before the container id: everything after it is the command.",
                    "",
                    List.of(CONSOLE_SOCKET, PIDFD_SOCKET,
                            Flag.string("cwd", "current working directory in the container"),
                            Flag.of("env, e", STRING_LIST, "set environment variables"),
                            Flag.bool("tty, t", "allocate a pseudo-TTY"),
                            Flag.string("user, u", "UID (format: <uid>[:<gid>])"),
                            Flag.of("additional-gids, g", INT_LIST, "additional gids"),
                            Flag.string("process, p", "path to the process.json"),
                            DETACH, PID_FILE,
                            Flag.string("process-label",
                                    "set the asm process label for the process commonly used with selinux"),
                            Flag.string("apparmor", "set the apparmor profile for the process"),
                            Flag.bool("no-new-privs", "set the no new privileges value for the process"),
                            Flag.of("cap, c", STRING_LIST, "add a capability to the bounding set for the process"),
                            PRESERVE_FDS,
                            Flag.of("cgroup", STRING_LIST, "run the process in an (existing) sub-cgroup(s). "
                                    + "Format is [<controller>:]<cgroup>."),
                            Flag.bool("ignore-paused", "allow exec in a paused container")),
                    Arity.atLeast(1), true),
            new CommandSpec("kill", List.of(), "kill sends the specified signal (default: SIGTERM) to the "
                    + "container's init process",
                    ID + " [signal]\n\nWhere \"<container-id>\" is the name for the instance of the container and\n"
                            + "\"[signal]\" is the signal to be sent to the init process: a number, or a name\n"
                            + "with or without SIG (KILL, SIGKILL, SIGRTMIN+3).\n\n"
                            + "EXAMPLE:\n       # hako kill ubuntu01 KILL",
                    "",
                    // runc 1.2 hid --all: the signal goes to the init only; it is kept for the engines that pass it.
                    List.of(Flag.bool("all, a", "(obsolete, accepted and ignored)").asHidden()),
                    Arity.between(1, 2), false),
            new CommandSpec("list", List.of(), "lists containers started by hako with the given root",
                    "\n\nWhere the given root is specified via the global option \"--root\"\n"
                            + "(default: \"/run/hako\").",
                    "",
                    List.of(FORMAT, Flag.bool("quiet, q", "display only container IDs")),
                    Arity.NONE, false),
            new CommandSpec("pause", List.of(), "pause suspends all processes inside the container", ID_NOTE,
                    "The pause command suspends all processes in the instance of the container.", List.of(),
                    Arity.ONE, false),
            new CommandSpec("ps", List.of(), "ps displays the processes running inside a container",
                    ID + " [ps options]", "", List.of(FORMAT), Arity.atLeast(1), true),
            new CommandSpec("restore", List.of(), "restore a container from a previous checkpoint", ID_NOTE,
                    "Restores the saved state of the container instance that was previously saved\n"
                            + "using the hako checkpoint command.",
                    List.of(CONSOLE_SOCKET, IMAGE_PATH, WORK_PATH, TCP_ESTABLISHED, EXT_UNIX_SK, SHELL_JOB,
                            FILE_LOCKS, MANAGE_CGROUPS_MODE, BUNDLE, DETACH, PID_FILE, NO_SUBREAPER, NO_PIVOT,
                            EMPTY_NS, AUTO_DEDUP, LAZY_PAGES,
                            Flag.string("lsm-profile",
                                    "Specify an LSM profile to be used during restore in the form of TYPE:NAME."),
                            Flag.string("lsm-mount-context",
                                    "Specify an LSM mount context to be used during restore.")),
                    Arity.ONE, false),
            new CommandSpec("resume", List.of(), "resumes all processes that have been previously paused", ID_NOTE,
                    "The resume command resumes all processes in the instance of the container.", List.of(),
                    Arity.ONE, false),
            new CommandSpec("run", List.of(), "create and run a container", NEW_ID_NOTE,
                    "The run command creates an instance of a container for a bundle and starts its\n"
                            + "process. Without --detach it waits for the process and exits with its status.",
                    List.of(BUNDLE, CONSOLE_SOCKET, PIDFD_SOCKET, DETACH,
                            Flag.bool("keep", "do not delete the container after it exits"),
                            PID_FILE, NO_SUBREAPER, NO_PIVOT, NO_NEW_KEYRING, PRESERVE_FDS),
                    Arity.ONE, false),
            new CommandSpec("spec", List.of(), "create a new specification file", "",
                    "The spec command creates the new specification file named \"config.json\" for\n"
                            + "the bundle: a starting point that runs \"sh\" in the directory \"rootfs\".\n"
                            + "Edit it to suit (args, mounts, namespaces); \"hako validate\" checks the result.\n"
                            + "With --rootless the configuration maps the calling user to root in a new user\n"
                            + "namespace, for containers run without root privileges.",
                    List.of(Flag.string("bundle, b", "path to the root of the bundle directory"),
                            Flag.bool("rootless", "generate a configuration for a rootless container")),
                    Arity.NONE, false),
            new CommandSpec("start", List.of(), "executes the user defined process in a created container",
                    NEW_ID_NOTE, "The start command executes the user defined process in a created container.",
                    List.of(), Arity.ONE, false),
            new CommandSpec("state", List.of(), "output the state of a container", ID_NOTE,
                    "The state command outputs current state information for the\ninstance of a container.",
                    List.of(), Arity.ONE, false),
            new CommandSpec("update", List.of(), "update container resource constraints", ID,
                    "With --resources the limits are read as a runtime-spec LinuxResources JSON\n"
                            + "document from a file, or from the standard input for '-'; all other options\n"
                            + "are then ignored.",
                    List.of(Flag.string("resources, r", "path to the file containing the resources to update or "
                                    + "'-' to read from the standard input"),
                            Flag.of("blkio-weight", INT, "Specifies per cgroup weight, range is from 10 to 1000")
                                    .withShownDefault("0"),
                            Flag.string("cpu-period",
                                    "CPU CFS period to be used for hardcapping (in usecs). 0 to use system default"),
                            Flag.string("cpu-quota",
                                    "CPU CFS hardcap limit (in usecs). Allowed cpu time in a given period"),
                            Flag.string("cpu-burst", "CPU CFS hardcap burst limit (in usecs). Allowed accumulated "
                                    + "cpu time additionally for burst a given period"),
                            Flag.string("cpu-share", "CPU shares (relative weight vs. other containers)"),
                            Flag.string("cpu-rt-period", "CPU realtime period to be used for hardcapping (in "
                                    + "usecs). 0 to use system default"),
                            Flag.string("cpu-rt-runtime",
                                    "CPU realtime hardcap limit (in usecs). Allowed cpu time in a given period"),
                            Flag.string("cpuset-cpus", "CPU(s) to use"),
                            Flag.string("cpuset-mems", "Memory node(s) to use"),
                            Flag.string("kernel-memory", "(obsolete; ignored)").asHidden(),
                            Flag.string("kernel-memory-tcp", "(obsolete; ignored)").asHidden(),
                            Flag.string("memory", "Memory limit (in bytes)"),
                            Flag.string("cpu-idle",
                                    "set cgroup SCHED_IDLE or not, 0: default behavior, 1: SCHED_IDLE"),
                            Flag.string("memory-reservation", "Memory reservation or soft_limit (in bytes)"),
                            Flag.string("memory-swap",
                                    "Total memory usage (memory + swap); set '-1' to enable unlimited swap"),
                            Flag.of("pids-limit", INT, "Maximum number of pids allowed in the container")
                                    .withShownDefault("0"),
                            Flag.string("l3-cache-schema", "The string of Intel RDT/CAT L3 cache schema"),
                            Flag.string("mem-bw-schema", "The string of Intel RDT/MBA memory bandwidth schema")),
                    Arity.ONE, false),
            new CommandSpec("features", List.of(), "show the enabled features", "",
                    "Show what this build of hako implements, as the runtime-spec's features\n"
                            + "document (features.md), in JSON.",
                    List.of(), Arity.NONE, false),
            new CommandSpec("validate", List.of(), "check a bundle's config.json against the runtime spec", "",
                    "The validate command reads the bundle's config.json, checks it against the rules\n"
                            + "of the runtime spec that can be checked before running (config.md,\n"
                            + "config-linux.md), and checks that root.path is a directory. Each problem is\n"
                            + "printed as \"config.json: <JSON pointer>: <reason>\"; the status is 1 if there\n"
                            + "is any.",
                    List.of(BUNDLE), Arity.NONE, false),
            new CommandSpec("daemon", List.of(), "run the resident hako, which takes the hako client's calls", "",
                    "The daemon command runs a resident hako in the foreground: the hako executable then\n"
                            + "hands it the calls it can serve exactly as a new process would (those that start\n"
                            + "no process), and runs the others itself. It listens on a unix socket only its\n"
                            + "user can reach (by default /run/hako/@daemon/sock, or under $XDG_RUNTIME_DIR/hako),\n"
                            + "or on the one systemd passes (socket activation), and ends after --idle-timeout\n"
                            + "without a call. Run it under a supervisor, in a cgroup of its own.",
                    List.of(Flag.string("socket", "the socket to listen on"),
                            Flag.of("idle-timeout", DURATION, "end after this long without a call (0: never)")
                                    .withShownDefault("10m")),
                    Arity.NONE, false),
            new CommandSpec("plan", List.of(), "print what the stage would do for a bundle, without running it", "",
                    "The plan command reads and validates the bundle's config.json and prints the plan hako\n"
                            + "makes of it: every operation the native stage would perform to set up the\n"
                            + "container, one a line, in order. Nothing is run or changed.",
                    List.of(BUNDLE, NO_PIVOT, PRESERVE_FDS), Arity.NONE, false));

    /** Every command, in the order help lists them. */
    public static List<CommandSpec> all() {
        return ALL;
    }

    /** The command {@code word} names. */
    public static Optional<CommandSpec> find(String word) {
        for (CommandSpec spec : ALL) {
            if (spec.isCalled(word)) {
                return Optional.of(spec);
            }
        }
        return Optional.empty();
    }

    /** Turns {@code spec}'s parsed arguments into its request; relative paths resolve against {@code cwd}. */
    static Request request(CommandSpec spec, ParsedArgs a, Path cwd) throws UsageException {
        List<String> args = a.positionals();
        return switch (spec.name()) {
            case "checkpoint" -> new CheckpointRequest(args.getFirst(), criu(a, cwd),
                    // As given: runc reads it against the images, and refuses an absolute one.
                    path(a, "parent-path", Path.of("")),
                    a.bool("leave-running"), a.bool("tcp-skip-in-flight"), a.bool("link-remap"),
                    intValue(a, "status-fd", -1), a.string("page-server"), a.bool("pre-dump"));
            case "create" -> new CreateRequest(args.getFirst(), launch(a, cwd));
            case "delete" -> new DeleteRequest(args.getFirst(), a.bool("force"));
            case "events" -> new EventsRequest(args.getFirst(), a.bool("stats"),
                    a.duration("interval", Duration.ofSeconds(5)));
            case "exec" -> exec(a, cwd);
            case "kill" -> new KillRequest(args.getFirst(),
                    args.size() > 1 ? Signal.parse(args.get(1)) : Signal.SIGTERM, a.bool("all"));
            case "list" -> new ListRequest(OutputFormat.named(a.string("format").orElse("table")), a.bool("quiet"));
            case "pause" -> new PauseRequest(args.getFirst());
            case "ps" -> new PsRequest(args.getFirst(), OutputFormat.named(a.string("format").orElse("table")),
                    args.subList(1, args.size()));
            case "restore" -> new RestoreRequest(args.getFirst(), criu(a, cwd), bundle(a, cwd),
                    path(a, "console-socket", cwd), a.bool("detach"), path(a, "pid-file", cwd),
                    a.bool("no-subreaper"), a.bool("no-pivot"), a.string("lsm-profile"),
                    a.string("lsm-mount-context"));
            case "resume" -> new ResumeRequest(args.getFirst());
            case "run" -> new RunRequest(args.getFirst(), launch(a, cwd), a.bool("detach"), a.bool("keep"),
                    a.bool("no-subreaper"));
            case "spec" -> new SpecRequest(bundle(a, cwd), a.bool("rootless"));
            case "start" -> new StartRequest(args.getFirst());
            case "state" -> new StateRequest(args.getFirst());
            case "update" -> update(a, cwd);
            case "features" -> new FeaturesRequest();
            case "validate" -> new ValidateRequest(bundle(a, cwd));
            case "plan" -> new PlanRequest(bundle(a, cwd), a.bool("no-pivot"), preserveFds(a));
            case "daemon" -> new DaemonRequest(path(a, "socket", cwd), a.duration("idle-timeout",
                    Duration.ofMinutes(10)));
            default -> throw new IllegalStateException("no request for command " + spec.name());
        };
    }

    private static LaunchOptions launch(ParsedArgs a, Path cwd) throws UsageException {
        return new LaunchOptions(bundle(a, cwd), path(a, "console-socket", cwd), path(a, "pidfd-socket", cwd),
                path(a, "pid-file", cwd), a.bool("no-pivot"), a.bool("no-new-keyring"), preserveFds(a));
    }

    private static CriuOptions criu(ParsedArgs a, Path cwd) throws UsageException {
        return new CriuOptions(path(a, "image-path", cwd), path(a, "work-path", cwd), a.bool("tcp-established"),
                a.bool("ext-unix-sk"), a.bool("shell-job"), a.bool("file-locks"), a.string("manage-cgroups-mode"),
                a.strings("empty-ns"), a.bool("auto-dedup"), a.bool("lazy-pages"));
    }

    private static ExecRequest exec(ParsedArgs a, Path cwd) throws UsageException {
        List<String> args = a.positionals();
        Optional<Path> process = path(a, "process", cwd);
        // No command and no --process is not a usage error: runc looks for the container first, and says
        // "process args cannot be empty" (with exec's status) only for one that exists and runs.
        return new ExecRequest(args.getFirst(), process, args.subList(1, args.size()), a.bool("tty"),
                a.bool("detach"), a.string("cwd"), a.strings("env"), a.string("user"), a.integers("additional-gids"),
                path(a, "pid-file", cwd), path(a, "console-socket", cwd), path(a, "pidfd-socket", cwd),
                a.string("process-label"), a.string("apparmor"), a.bool("no-new-privs"), a.strings("cap"),
                preserveFds(a), a.strings("cgroup"), a.bool("ignore-paused"));
    }

    private static UpdateRequest update(ParsedArgs a, Path cwd) throws UsageException {
        Optional<String> resources = nonEmpty(a, "resources");
        Optional<ResourcesSource> source = resources.isEmpty() ? Optional.empty()
                : Optional.of(resources.get().equals("-") ? new ResourcesSource.StandardInput()
                        : new ResourcesSource.File(resolve(cwd, resources.get(), "resources")));
        long weight = a.integer("blkio-weight", 0);
        if (weight < 0 || weight > 0xffff) {
            throw new UsageException("invalid value for blkio-weight: " + weight + " is out of range");
        }
        var flags = new ResourceFlags(
                weight == 0 ? OptionalInt.empty() : OptionalInt.of((int) weight),
                nonEmpty(a, "cpuset-cpus"),
                nonEmpty(a, "cpuset-mems"),
                unsigned(a, "cpu-share"), unsigned(a, "cpu-period"), signed(a, "cpu-quota"), unsigned(a, "cpu-burst"),
                unsigned(a, "cpu-rt-period"), signed(a, "cpu-rt-runtime"), signed(a, "cpu-idle"),
                bytes(a, "memory"), bytes(a, "memory-reservation"), bytes(a, "memory-swap"),
                a.isSet("pids-limit") ? OptionalLong.of(a.integer("pids-limit", 0)) : OptionalLong.empty(),
                nonEmpty(a, "l3-cache-schema"),
                nonEmpty(a, "mem-bw-schema"));
        // Checked like the others, then dropped: kernel memory limits are gone from the kernel (runc warns too).
        bytes(a, "kernel-memory");
        bytes(a, "kernel-memory-tcp");
        return new UpdateRequest(a.positionals().getFirst(), source, flags);
    }

    /** A path flag, absolute and normalised; an empty value counts as not given (runc tests {@code != ""}). */
    private static Optional<Path> path(ParsedArgs a, String name, Path cwd) throws UsageException {
        Optional<String> value = nonEmpty(a, name);
        return value.isEmpty() ? Optional.empty() : Optional.of(resolve(cwd, value.get(), name));
    }

    /**
     * A flag's path against the working directory, normalised; one the file system cannot name (a NUL in it,
     * which no command line can hold but an in-process caller can) is a usage error in Go's flag words.
     */
    static Path resolve(Path cwd, String value, String flag) throws UsageException {
        try {
            return cwd.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw new UsageException("invalid value " + GoSyntax.quote(value) + " for flag -" + flag + ": "
                    + e.getReason().toLowerCase(Locale.ROOT));
        }
    }

    /** A string flag's value unless absent or empty: runc treats {@code --x ""} as not given. */
    private static Optional<String> nonEmpty(ParsedArgs a, String name) {
        Optional<String> value = a.string(name);
        return value.isPresent() && value.get().isEmpty() ? Optional.empty() : value;
    }

    private static Path bundle(ParsedArgs a, Path cwd) throws UsageException {
        return path(a, "bundle", cwd).orElse(cwd);
    }

    private static int preserveFds(ParsedArgs a) throws UsageException {
        long n = a.integer("preserve-fds", 0);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new UsageException("invalid value for preserve-fds: " + n + " is not a number of descriptors");
        }
        return (int) n;
    }

    private static int intValue(ParsedArgs a, String name, int fallback) throws UsageException {
        long n = a.integer(name, fallback);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new UsageException("invalid value for " + name + ": " + n + " is out of range");
        }
        return (int) n;
    }

    /** runc's {@code strconv.ParseUint(v, 10, 64)} for shares and periods. */
    private static OptionalLong unsigned(ParsedArgs a, String name) throws UsageException {
        Optional<String> value = nonEmpty(a, name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            if (value.get().startsWith("+") || value.get().startsWith("-")) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(Long.parseUnsignedLong(value.get()));
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value for " + name + ": " + GoSyntax.quote(value.get())
                    + " is not an unsigned integer");
        }
    }

    /** runc's {@code strconv.ParseInt(v, 10, 64)} for quotas and runtimes. */
    private static OptionalLong signed(ParsedArgs a, String name) throws UsageException {
        Optional<String> value = nonEmpty(a, name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.get()));
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value for " + name + ": " + GoSyntax.quote(value.get())
                    + " is not an integer");
        }
    }

    /** runc's memory values: {@code -1} for unlimited, else a size such as {@code 512m}. */
    private static OptionalLong bytes(ParsedArgs a, String name) throws UsageException {
        Optional<String> value = nonEmpty(a, name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (value.get().equals("-1")) {
            return OptionalLong.of(-1);
        }
        try {
            return OptionalLong.of(ByteSize.parse(value.get()));
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value for " + name + ": " + e.getMessage());
        }
    }
}
