package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hako.cli.args.CommandSpec;
import io.hako.cli.args.Flag;
import io.hako.cli.log.JsonText;
import io.hako.cli.request.CommandLine;
import io.hako.cli.request.CommandTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * No input ends in an uncaught exception or a stack trace: random argument lists for every command and flag hako
 * knows, and random configurations, run through the whole command line in-process ({@link Main#run}), each must
 * end with an exit status and at most runc-style lines on stderr.
 *
 * <p>What runs is fenced in: every call has {@code --root} in a scratch directory, which the random arguments
 * cannot override; the only bundle random arguments reach runs {@code sleep 0} (its root holds nothing else);
 * the one long-lived container ({@value #RUNNING}, made by the test, not by random arguments) can run nothing but
 * {@code sleep}; events always gets {@code --stats}; daemon a socket in the scratch directory and no idle time; exec never gets {@code --ignore-paused} (into a container a
 * random pause froze, it waits until the container is thawed, as runc's does); {@code --debug}, which logs an
 * error's cause with its trace on purpose, is left out. Random configurations are validated and planned, which has no
 * side effect; those that are also created are first made harmless (no hooks, no namespace paths, no host
 * network devices, mounts or agent sockets, a fixed cgroup) and have an empty root filesystem, so no process can
 * start. Whatever a call leaves is deleted after it, and the scratch directory and cgroup when the class is done.
 */
class CommandLineFuzzTest {
    static final String RUNNING = "noise-fz";
    static final String CGROUP = "/hako-noise-fuzz";
    /** Far above any call's time here (tens of milliseconds): only a call that waits forever reaches it. */
    static final Duration CALL_LIMIT = Duration.ofSeconds(60);
    static final Pattern TRACE = Pattern.compile("(?m)^\\s+at [\\w.$/]+\\(|Exception|internal error|^Caused by:");

    static Path scratch;
    static Path root;
    static Path shortBundle;
    static Path longBundle;
    static Path planned;
    static Path createdBundle;
    static boolean containers;
    static final ConcurrentLinkedQueue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
    static Thread.UncaughtExceptionHandler previousHandler;

    @BeforeContainer
    static void scratch() throws IOException {
        scratch = Files.createTempDirectory("hako-noise-fuzz");
        root = scratch.resolve("state");
        containers = "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/bin/busybox"));
        shortBundle = bundle("short", List.of("sleep", "0"), true);
        longBundle = bundle("long", List.of("sleep", "600"), true);
        planned = bundle("planned", List.of("sleep", "0"), false);
        createdBundle = bundle("created", List.of("sleep", "0"), false);
        Files.writeString(Files.createDirectories(scratch.resolve("bad")).resolve("config.json"), "{\"ociVersion\":");
        Files.createDirectories(scratch.resolve("dir"));
        Files.writeString(scratch.resolve("file"), "x");
        Files.writeString(scratch.resolve("process.json"), "{\"cwd\":\"/\",\"args\":[\"sleep\",\"0\"],"
                + "\"capabilities\":{\"bounding\":[\"CAP_UNKNOWN\"],\"ambient\":[\"CAP_KILL\"]},\"user\":{\"uid\":1,"
                + "\"gid\":1}}");
        Files.writeString(scratch.resolve("process-tty.json"), "{\"cwd\":\"/\",\"args\":[\"sleep\",\"0\"],"
                + "\"terminal\":true}");
        Files.writeString(scratch.resolve("resources.json"), "{\"memory\":{\"limit\":-1},\"pids\":{\"limit\":100},"
                + "\"cpu\":{\"shares\":1},\"unified\":{\"x\":\"y\"}}");
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
        deleteAllBut(null);
        for (Path hierarchy : cgroupHierarchies()) {
            Path cgroup = hierarchy.resolve(CGROUP.substring(1));
            if (Files.isDirectory(cgroup)) {
                Files.delete(cgroup); // empty by now: a left process is a failure here
            }
        }
        try (Stream<Path> all = Files.walk(scratch)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** A bundle whose config is runc spec's with {@code args}; its root holds /bin/sleep when {@code sleep}. */
    private static Path bundle(String name, List<String> args, boolean sleep) throws IOException {
        Path bundle = Files.createDirectories(scratch.resolve(name));
        Path rootfs = Files.createDirectories(bundle.resolve("rootfs"));
        if (sleep && containers) {
            Files.copy(Path.of("/bin/busybox"), Files.createDirectories(rootfs.resolve("bin")).resolve("sleep"));
        }
        Map<String, Object> config = baseConfig();
        ((Map<String, Object>) config.get("process")).put("args", args);
        Files.writeString(bundle.resolve("config.json"), json(config));
        return bundle;
    }

    // ---- the properties ---------------------------------------------------------------------------------------

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void anyArgumentListEndsWithAStatusAndNoTrace(@ForAll("argumentLists") List<String> args) {
        ensureRunning();
        List<String> all = new ArrayList<>(List.of("--root", root.toString()));
        all.addAll(args);
        assertClean(all, hako(shortBundle, all));
        deleteAllBut(RUNNING);
    }

    @Property(tries = 250, edgeCases = EdgeCasesMode.NONE)
    void anyConfigIsValidatedAndPlannedWithoutATrace(@ForAll("configs") String config) throws IOException {
        Files.writeString(planned.resolve("config.json"), config);
        for (List<String> args : List.of(List.of("validate", "--bundle", planned.toString()),
                List.of("plan", "--bundle", planned.toString()))) {
            assertClean(args, hako(scratch, args));
        }
    }

    @Property(tries = 25, edgeCases = EdgeCasesMode.NONE)
    void harmlessConfigsAreCreatedWithoutATraceAndLeaveNothing(@ForAll("configTrees") Object config)
            throws IOException {
        if (!containers) {
            return;
        }
        Files.writeString(createdBundle.resolve("config.json"), json(harmless(config)));
        List<String> args = List.of("--root", root.toString(), "create", "--bundle", createdBundle.toString(),
                "noise-fz-config");
        assertClean(args, hako(scratch, args));
        deleteAllBut(null);
        assertEquals("", hako(scratch, List.of("--root", root.toString(), "list", "-q")).out(), "nothing left");
    }

    // ---- what every call must be --------------------------------------------------------------------------------

    record Result(int status, String out, String err) {}

    /**
     * One call, in a thread of its own so that a call that never ends fails the test (with its arguments) instead
     * of holding the build.
     */
    private static Result hako(Path cwd, List<String> args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        FutureTask<Integer> call = new FutureTask<>(() -> Main.run(new Invocation(args, cwd,
                Map.of("PATH", "/usr/bin:/bin"), new ByteArrayInputStream(new byte[0]), out, err)));
        trace("> hako " + String.join(" ", args));
        Thread.ofPlatform().daemon().name("hako-fuzz-call").start(call);
        int status;
        try {
            status = call.get(CALL_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("uncaught from hako " + args, e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("hako " + args + " did not end within " + CALL_LIMIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertClean(List<String> args, Result result) {
        String call = "hako " + String.join(" ", args) + "\nstatus " + result.status() + "\nstderr:\n" + result.err();
        trace(call);
        assertTrue(result.status() >= 0 && result.status() <= 255, call);
        assertFalse(TRACE.matcher(result.err()).find(), "a trace or an internal error: " + call);
        Throwable other = uncaught.poll();
        if (other != null) {
            fail("an exception escaped a thread of " + call, other);
        }
    }

    // ---- the fences ---------------------------------------------------------------------------------------------

    /** With {@code -Dhako.fuzzTrace=FILE}, every call and its outcome are appended to FILE, to follow a failure. */
    private static void trace(String call) {
        String file = System.getProperty("hako.fuzzTrace");
        if (file != null) {
            try {
                Files.writeString(Path.of(file), call + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The long-lived container runs (or is made again after a random delete or kill). */
    private static void ensureRunning() {
        if (!containers) {
            return;
        }
        Result state = hako(scratch, List.of("--root", root.toString(), "state", RUNNING));
        if (state.status() == 0 && !state.out().contains("\"status\": \"stopped\"")
                && !state.out().contains("\"status\": \"created\"")) {
            return;
        }
        hako(scratch, List.of("--root", root.toString(), "delete", "--force", RUNNING));
        Result run = hako(longBundle, List.of("--root", root.toString(), "run", "--detach", RUNNING));
        assertEquals(0, run.status(), run::toString);
    }

    /** Deletes every container in the root but {@code kept}. */
    private static void deleteAllBut(String kept) {
        for (String id : hako(scratch, List.of("--root", root.toString(), "list", "-q")).out().lines().toList()) {
            if (!id.equals(kept)) {
                Result deleted = hako(scratch, List.of("--root", root.toString(), "delete", "--force", id));
                assertEquals(0, deleted.status(), () -> "delete --force " + id + ": " + deleted);
            }
        }
    }

    private static List<Path> cgroupHierarchies() throws IOException {
        try (Stream<Path> all = Files.list(Path.of("/sys/fs/cgroup"))) {
            return all.filter(Files::isDirectory).toList();
        }
    }

    /**
     * A configuration that may be created on this host: nothing of the host's is named (namespace paths, network
     * devices, the agent's socket, bind sources, resctrl), no hook runs, the root's propagation stays private,
     * the cgroup is the test's, and the root filesystem is the empty one (no process can start).
     */
    @SuppressWarnings("unchecked")
    static Object harmless(Object tree) {
        if (!(tree instanceof Map<?, ?> map)) {
            return tree;
        }
        var config = new LinkedHashMap<String, Object>((Map<String, Object>) map);
        config.remove("hooks");
        config.put("root", Map.of("path", "rootfs"));
        if (config.get("mounts") instanceof List<?> mounts) {
            config.put("mounts", mounts.stream().filter(m -> !(m instanceof Map<?, ?> mount)
                    || !(mount.get("source") instanceof String source) || !source.startsWith("/")
                    || source.startsWith(scratch.toString())).toList());
        }
        var linux = config.get("linux") instanceof Map<?, ?> l ? new LinkedHashMap<>((Map<String, Object>) l)
                : new LinkedHashMap<String, Object>();
        for (String hostFacing : List.of("rootfsPropagation", "netDevices", "intelRdt")) {
            linux.remove(hostFacing);
        }
        linux.put("cgroupsPath", CGROUP);
        List<Object> namespaces = new ArrayList<>();
        boolean mount = false;
        if (linux.get("namespaces") instanceof List<?> list) {
            for (Object namespace : list) {
                if (namespace instanceof Map<?, ?> ns) {
                    var own = new LinkedHashMap<>((Map<String, Object>) ns);
                    own.remove("path");
                    mount |= "mount".equals(own.get("type"));
                    namespaces.add(own);
                } else {
                    namespaces.add(namespace);
                }
            }
        }
        if (!mount) {
            namespaces.add(Map.of("type", "mount"));
        }
        linux.put("namespaces", namespaces);
        if (linux.get("seccomp") instanceof Map<?, ?> seccomp) {
            var own = new LinkedHashMap<>((Map<String, Object>) seccomp);
            own.put("listenerPath", scratch.resolve("no-agent.sock").toString());
            linux.put("seccomp", own);
        }
        config.put("linux", linux);
        return config;
    }

    // ---- argument lists -----------------------------------------------------------------------------------------

    /** --root is the test's; --debug logs causes with their traces, on purpose. */
    private static final Set<String> FENCED_GLOBALS = Set.of("root", "debug");

    /**
     * exec --ignore-paused into a container a random pause froze would wait, as runc's does, until something
     * thaws it: nothing in a test run would. events gets --stats from the test, never --stats=false.
     */
    private static final Set<String> FENCED_FLAGS = Set.of("ignore-paused", "stats", "socket", "idle-timeout");

    @Provide
    Arbitrary<List<String>> argumentLists() {
        List<CommandSpec> commands = CommandTable.all();
        // Mostly well-formed calls, so that most get past the parser to the commands; some of anything.
        Arbitrary<List<String>> globals = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(List.<String>of())),
                Tuple.of(1, Arbitraries.of(CommandLine.GLOBAL_FLAGS.stream()
                        .filter(f -> !FENCED_GLOBALS.contains(f.names().getFirst())).toList())
                        .flatMap(CommandLineFuzzTest::flag).list().ofMaxSize(2).map(CommandLineFuzzTest::flatten)));
        // The commands that act on containers come up more often: that is where the paths are many.
        Arbitrary<CommandSpec> chosen = Arbitraries.frequency(commands.stream()
                .map(spec -> Tuple.of(spec.name().equals("exec") ? 8 : Set.of("create", "run", "kill", "delete",
                        "update").contains(spec.name()) ? 3 : 1, spec)).toArray(Tuple.Tuple2[]::new));
        Arbitrary<List<String>> command = chosen.flatMap(spec -> Combinators.combine(
                flags(spec),
                positionals(spec.name()))
                .as((flags, positionals) -> {
                    List<String> words = new ArrayList<>(List.of(spec.name()));
                    words.addAll(flags);
                    words.addAll(positionals);
                    return fenced(words);
                }));
        Arbitrary<List<String>> anyWords = word().list().ofMaxSize(5);
        return Combinators.combine(globals, Arbitraries.frequencyOf(Tuple.of(9, command), Tuple.of(1, anyWords)))
                .as((g, words) -> {
                    List<String> all = new ArrayList<>(g);
                    all.addAll(words);
                    return all;
                });
    }

    private static Arbitrary<List<String>> flags(CommandSpec spec) {
        List<Flag> flags = spec.flags().stream().filter(f -> !FENCED_FLAGS.contains(f.names().getFirst())).toList();
        return flags.isEmpty() ? Arbitraries.just(List.of())
                : Arbitraries.of(flags).flatMap(CommandLineFuzzTest::flag).list().ofMaxSize(3)
                        .map(CommandLineFuzzTest::flatten);
    }

    /**
     * events without --stats would stream until the container stops: it always gets --stats. daemon would serve
     * until its idle timeout, at the default socket: it gets one of the scratch directory's and ends at once.
     */
    private static List<String> fenced(List<String> words) {
        if (words.getFirst().equals("events")) {
            words.add(1, "--stats");
        }
        if (words.getFirst().equals("daemon")) {
            words.addAll(1, List.of("--socket", "daemon/sock", "--idle-timeout", "1ms"));
        }
        return words;
    }

    private static Arbitrary<List<String>> flag(Flag flag) {
        Arbitrary<String> name = Arbitraries.of(flag.names()).map(n -> (n.length() == 1 ? "-" : "--") + n);
        if (flag.type() == Flag.Type.BOOL) {
            return Combinators.combine(name, mostly(Arbitraries.of("", "=true", "=false"), Arbitraries.of("=maybe")))
                    .as((n, v) -> List.of(n + v));
        }
        Arbitrary<String> value = switch (flag.type()) {
            case INT, INT_LIST -> mostly(Arbitraries.of("0", "1", "3", "0x10"),
                    Arbitraries.of("-1", "99999999999999999999", "abc", ""));
            case DURATION -> mostly(Arbitraries.of("1s", "1ms", "1h2m"), Arbitraries.of("0", "-1s", "abc", ""));
            default -> value(flag.names().getFirst());
        };
        return Combinators.combine(name, value, Arbitraries.of(true, false))
                .as((n, v, joined) -> joined ? List.of(n + "=" + v) : List.of(n, v));
    }

    /** A flag's value: paths inside the scratch directory for flags that name files, else any word. */
    private static Arbitrary<String> value(String flag) {
        return switch (flag) {
            case "bundle" -> mostly(Arbitraries.of(shortBundle.toString()), Arbitraries.of(
                    scratch.resolve("bad").toString(), scratch.resolve("missing").toString(), scratch.toString(), ""));
            case "process" -> mostly(Arbitraries.of(scratch.resolve("process.json").toString(),
                    scratch.resolve("process-tty.json").toString()), Arbitraries.of(
                    scratch.resolve("bad/config.json").toString(), scratch.resolve("missing.json").toString(),
                    scratch.toString(), ""));
            case "resources" -> Arbitraries.of(scratch.resolve("resources.json").toString(), "-",
                    scratch.resolve("bad/config.json").toString(), scratch.resolve("missing.json").toString());
            case "log", "pid-file", "console-socket", "pidfd-socket", "image-path", "work-path", "criu" ->
                    mostly(Arbitraries.of(scratch.resolve("file").toString(), scratch.resolve("new").toString()),
                            Arbitraries.of(scratch.resolve("dir").toString(), scratch.resolve("missing/x").toString(),
                                    "", "rel"));
            case "log-format", "format", "f" -> mostly(Arbitraries.of("json", "text", "table"),
                    Arbitraries.of("xml", ""));
            case "cap", "c" -> Arbitraries.of("CAP_KILL", "CAP_UNKNOWN", "cap_kill", "NET_RAW", "");
            case "user", "u" -> Arbitraries.of("0", "1:1", "0:x", "nobody", "-1", "4294967296", "");
            case "cgroup" -> Arbitraries.of("sub", "memory:sub", "a:b:c", "../..", "");
            case "env", "e" -> Arbitraries.of("A=B", "NOEQ", "=x", "");
            default -> word();
        };
    }

    /** Four in five from {@code usual}, the rest from {@code odd}. */
    private static <T> Arbitrary<T> mostly(Arbitrary<T> usual, Arbitrary<T> odd) {
        return Arbitraries.frequencyOf(Tuple.of(4, usual), Tuple.of(1, odd));
    }

    private static Arbitrary<List<String>> positionals(String command) {
        Arbitrary<String> id = mostly(Arbitraries.of(RUNNING, RUNNING, "noise-fz-new"), Arbitraries.of("nope", "",
                ".", "..", "a/b", "-", "x".repeat(300), "noise fz"));
        Arbitrary<List<String>> rest = switch (command) {
            case "kill" -> Arbitraries.of("KILL", "9", "0", "TERM", "SIGSTOP", "CONT", "64", "65", "-1", "SIGFOO",
                    "hup", "").list().ofMaxSize(2);
            // The long-lived container's root has /bin/sleep alone: nothing exec'd from here can run long.
            case "exec" -> Arbitraries.of("true", "/bin/true", "nonexistent", "", "-c", "--", "..")
                    .list().ofMinSize(1).ofMaxSize(3);
            case "ps" -> Arbitraries.of("-ef", "-o", "pid", "--bad", "x").list().ofMaxSize(2);
            default -> word().list().ofMaxSize(1);
        };
        return Combinators.combine(mostly(id.list().ofSize(1), id.list().ofMaxSize(0)), rest).as((ids, more) -> {
            List<String> all = new ArrayList<>(ids);
            all.addAll(more);
            return all;
        });
    }

    private static Arbitrary<String> word() {
        return Arbitraries.oneOf(Arbitraries.of("", "-", "--", "---x", "-h", "--help", "-v", "x=y", "\u00e9\u0000",
                "--bundle", "-b", "%s", "9223372036854775808"),
                Arbitraries.strings().ofMaxLength(12));
    }

    private static List<String> flatten(List<List<String>> lists) {
        return lists.stream().flatMap(List::stream).toList();
    }

    // ---- configurations -----------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> configs() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, configTrees().map(CommandLineFuzzTest::json)),
                Tuple.of(1, Arbitraries.of("", "{", "[]", "null", "{\"ociVersion\":1}", "\u0000",
                        "{\"ociVersion\":\"1.0.0\",\"process\":{\"cwd\":\"/\",\"args\":[\"x\"]},\"root\":{\"path\":"
                                + "\"rootfs\"}} trailing")),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(40)));
    }

    /** runc spec's config with a few random edits: a known field set to a shaped or a random value, or removed. */
    @Provide
    Arbitrary<Object> configTrees() {
        return edit().list().ofMaxSize(5).map(edits -> {
            Object config = baseConfig();
            for (Edit edit : edits) {
                config = edit.apply(config);
            }
            return config;
        });
    }

    record Edit(List<String> path, Object value, boolean remove) {
        @SuppressWarnings("unchecked")
        Object apply(Object tree) {
            if (path.isEmpty()) {
                return remove ? Map.of() : value;
            }
            if (!(tree instanceof Map<?, ?> map)) {
                return tree;
            }
            var copy = new LinkedHashMap<>((Map<String, Object>) map);
            String key = path.getFirst();
            if (path.size() == 1) {
                if (remove) {
                    copy.remove(key);
                } else {
                    copy.put(key, value);
                }
            } else {
                copy.put(key, new Edit(path.subList(1, path.size()), value, remove).apply(
                        copy.getOrDefault(key, new LinkedHashMap<String, Object>())));
            }
            return copy;
        }
    }

    private static final Map<String, Arbitrary<Object>> SHAPED = shaped();

    private static Arbitrary<Edit> edit() {
        Arbitrary<Edit> shapedEdit = Arbitraries.of(List.copyOf(SHAPED.keySet())).flatMap(pointer ->
                SHAPED.get(pointer).map(value -> new Edit(List.of(pointer.substring(1).split("/")), value, false)));
        Arbitrary<List<String>> anyPath = Arbitraries.of(List.copyOf(SHAPED.keySet()))
                .map(pointer -> List.of(pointer.substring(1).split("/")));
        Arbitrary<Edit> randomEdit = Combinators.combine(anyPath, jsonValue(2)).as((p, v) -> new Edit(p, v, false));
        Arbitrary<Edit> removal = anyPath.map(p -> new Edit(p, null, true));
        return Arbitraries.frequencyOf(Tuple.of(6, shapedEdit), Tuple.of(3, randomEdit),
                Tuple.of(1, removal));
    }

    /** Values of the right shape for fields where hako decides most, so that edits reach the planner. */
    private static Map<String, Arbitrary<Object>> shaped() {
        Map<String, Arbitrary<Object>> shaped = new LinkedHashMap<>();
        Arbitrary<Object> capabilities = Arbitraries.of("CAP_KILL", "CAP_SYS_ADMIN", "CAP_UNKNOWN", "cap_chown",
                "CAP_CHECKPOINT_RESTORE", "", "CAP_BPF").list().ofMaxSize(4).map(l -> (Object) l);
        for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
            shaped.put("/process/capabilities/" + set, capabilities);
        }
        shaped.put("/process/args", Arbitraries.of("sleep", "", "/bin/sleep", "rel/x", "0").list().ofMaxSize(3)
                .map(l -> (Object) l));
        shaped.put("/process/cwd", Arbitraries.of("/", "/tmp", "rel", "", "/../..").map(o -> (Object) o));
        shaped.put("/process/user/uid", number());
        shaped.put("/process/user/umask", number());
        shaped.put("/process/user/additionalGids", number().list().ofMaxSize(3).map(l -> (Object) l));
        shaped.put("/process/rlimits", Combinators.combine(Arbitraries.of("RLIMIT_NOFILE", "RLIMIT_NPROC",
                "RLIMIT_CORE", "RLIMIT_FOO", ""), number(), number()).as((t, h, s) -> (Object) object("type", t,
                "hard", h, "soft", s)).list().ofMaxSize(3).map(l -> (Object) l));
        shaped.put("/process/oomScoreAdj", number());
        shaped.put("/process/noNewPrivileges", Arbitraries.of(true, false).map(o -> (Object) o));
        shaped.put("/process/terminal", Arbitraries.of(true, false).map(o -> (Object) o));
        shaped.put("/process/ioPriority", Combinators.combine(Arbitraries.of("IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE",
                "IOPRIO_CLASS_IDLE", "X"), number()).as((c, p) -> (Object) object("class", c, "priority", p)));
        shaped.put("/process/scheduler", Combinators.combine(Arbitraries.of("SCHED_OTHER", "SCHED_FIFO",
                "SCHED_DEADLINE", "SCHED_X"), number()).as((p, n) -> (Object) object("policy", p, "priority", n,
                "nice", n)));
        shaped.put("/process/execCPUAffinity/initial", Arbitraries.of("0", "0-1", "1,0", "x", "", "9999")
                .map(o -> (Object) o));
        shaped.put("/process/env", Arbitraries.of("A=B", "NOEQ", "=x", "").list().ofMaxSize(3).map(l -> (Object) l));
        shaped.put("/hostname", Arbitraries.of("box", "", "x".repeat(100)).map(o -> (Object) o));
        shaped.put("/domainname", Arbitraries.of("example.org", "", "x".repeat(100)).map(o -> (Object) o));
        shaped.put("/linux/sysctl", Combinators.combine(Arbitraries.of("kernel.domainname", "kernel.hostname",
                "net.ipv4.ip_forward", "kernel.shmmax", "vm.swappiness", "fs.mqueue.msg_max", "kernel/msgmax", ""),
                Arbitraries.of("example.org", "box", "1", "abc", "")).as((k, v) -> (Object) object(k, v)));
        shaped.put("/linux/namespaces", Combinators.combine(Arbitraries.of("pid", "network", "ipc", "uts", "mount",
                "user", "cgroup", "time", "bogus"), Arbitraries.of("", "/proc/self/ns/net", "/nonexistent", "rel")
                .injectNull(0.7)).as((t, p) -> (Object) (p == null ? object("type", t) : object("type", t,
                "path", p))).list().ofMaxSize(6).map(l -> (Object) l));
        shaped.put("/linux/uidMappings", Combinators.combine(number(), number(), number())
                .as((c, h, s) -> (Object) object("containerID", c, "hostID", h, "size", s)).list().ofMaxSize(2)
                .map(l -> (Object) l));
        shaped.put("/linux/resources/memory", Combinators.combine(number(), number(), Arbitraries.of(true, false))
                .as((l, s, d) -> (Object) object("limit", l, "swap", s, "disableOOMKiller", d)));
        shaped.put("/linux/resources/cpu", Combinators.combine(number(), number(), Arbitraries.of("0", "0-1", "x"))
                .as((q, p, c) -> (Object) object("quota", q, "period", p, "cpus", c, "realtimeRuntime", q)));
        shaped.put("/linux/resources/pids", number().map(n -> (Object) object("limit", n)));
        shaped.put("/linux/resources/unified", Arbitraries.of("memory.max", "cgroup.procs", "../x", "")
                .map(k -> (Object) object(k, "1")));
        shaped.put("/linux/resources/devices", Combinators.combine(Arbitraries.of(true, false),
                Arbitraries.of("a", "c", "b", "x", ""), number(), Arbitraries.of("rwm", "r", "rwa", "", "q"))
                .as((a, t, n, acc) -> (Object) object("allow", a, "type", t, "major", n, "minor", n, "access", acc))
                .list().ofMaxSize(3).map(l -> (Object) l));
        shaped.put("/linux/resources/hugepageLimits", Combinators.combine(Arbitraries.of("2MB", "1GB", "3KB", ""),
                number()).as((p, l) -> (Object) object("pageSize", p, "limit", l)).list().ofMaxSize(2)
                .map(l -> (Object) l));
        shaped.put("/linux/devices", Combinators.combine(Arbitraries.of("c", "b", "p", "u", "x"),
                Arbitraries.of("/dev/fuzz", "/dev/null", "rel", "/dev/../x"), number())
                .as((t, p, n) -> (Object) object("type", t, "path", p, "major", n, "minor", n, "fileMode", n))
                .list().ofMaxSize(2).map(l -> (Object) l));
        shaped.put("/linux/seccomp", Combinators.combine(Arbitraries.of("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO",
                "SCMP_ACT_NOTIFY", "SCMP_ACT_KILL", "SCMP_ACT_X"), Arbitraries.of("mkdir", "write", "nosuchcall",
                "clone3", ""), Arbitraries.of("SCMP_CMP_EQ", "SCMP_CMP_MASKED_EQ", "X"), number())
                .as((action, name, op, n) -> (Object) object("defaultAction", "SCMP_ACT_ALLOW",
                        "architectures", List.of("SCMP_ARCH_X86_64"), "syscalls", List.of(object("names", List.of(name),
                                "action", action, "errnoRet", n, "args", List.of(object("index", n, "value", n,
                                        "op", op)))))));
        shaped.put("/linux/cgroupsPath", Arbitraries.of("/noise-fz", "a:b:c", "../..", "", "rel").map(o -> (Object) o));
        shaped.put("/linux/rootfsPropagation", Arbitraries.of("private", "shared", "x", "").map(o -> (Object) o));
        shaped.put("/linux/maskedPaths", Arbitraries.of("/proc/kcore", "rel", "", "/../x").list().ofMaxSize(2)
                .map(l -> (Object) l));
        shaped.put("/linux/personality", Arbitraries.of("LINUX", "LINUX32", "X").map(d -> (Object) object("domain", d)));
        shaped.put("/linux/timeOffsets", number().map(n -> (Object) object("monotonic", object("secs", n))));
        shaped.put("/linux/intelRdt", Arbitraries.of("", "/", "..", "x").map(c -> (Object) object("closID", c)));
        shaped.put("/linux/netDevices", Arbitraries.of("lo-fuzz", "", "a/b").map(d -> (Object) object(d, object())));
        shaped.put("/mounts", Combinators.combine(Arbitraries.of("/proc", "/tmp", "rel", "/", "", "/dev/../x"),
                Arbitraries.of("tmpfs", "bind", "proc", "bogus", ""), Arbitraries.of("tmpfs", "rel", ""),
                Arbitraries.of("ro", "rbind", "idmap", "nosuid", "bogus", "size=1k", "rshared").list().ofMaxSize(3))
                .as((d, t, s, o) -> (Object) object("destination", d, "type", t, "source", s, "options", o))
                .list().ofMaxSize(3).map(l -> (Object) l));
        shaped.put("/hooks/prestart", Arbitraries.of("/bin/true", "/nonexistent", "rel")
                .map(p -> (Object) List.of(object("path", p))));
        shaped.put("/annotations", Arbitraries.of("a", "").map(k -> (Object) object(k, "b")));
        shaped.put("/ociVersion", Arbitraries.of("1.0.2", "1.3.0", "x", "").map(o -> (Object) o));
        shaped.put("/root/path", Arbitraries.of("rootfs", "", "/", "missing", "../rootfs").map(o -> (Object) o));
        return shaped;
    }

    private static Arbitrary<Object> number() {
        return Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(1024), BigInteger.valueOf(-1),
                BigInteger.valueOf(65536), BigInteger.valueOf(Integer.MAX_VALUE), BigInteger.ONE.shiftLeft(32),
                BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(64),
                BigInteger.valueOf(Long.MIN_VALUE), 0.5).map(o -> (Object) o);
    }

    private static Arbitrary<Object> jsonValue(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(number(), Arbitraries.of(true, false).map(o -> (Object) o),
                Arbitraries.of("", "/", "rootfs", "CAP_KILL", "\u0000", "x".repeat(300)).map(o -> (Object) o),
                Arbitraries.just((Object) null));
        if (depth == 0) {
            return scalar;
        }
        return Arbitraries.oneOf(scalar, jsonValue(depth - 1).list().ofMaxSize(3).map(l -> (Object) l),
                Combinators.combine(Arbitraries.of("type", "path", "limit", "names", "x"), jsonValue(depth - 1))
                        .as((k, v) -> (Object) object(k, v)));
    }

    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** runc spec's config, without a terminal. */
    static Map<String, Object> baseConfig() {
        List<String> caps = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
        return object(
                "ociVersion", "1.0.2-dev",
                "process", object("terminal", false, "user", object("uid", 0, "gid", 0), "args", List.of("sh"),
                        "env", List.of("PATH=/bin"), "cwd", "/",
                        "capabilities", object("bounding", caps, "effective", caps, "permitted", caps, "ambient", caps),
                        "rlimits", List.of(object("type", "RLIMIT_NOFILE", "hard", 1024, "soft", 1024)),
                        "noNewPrivileges", true),
                "root", object("path", "rootfs", "readonly", true),
                "hostname", "fuzz",
                "mounts", List.of(object("destination", "/proc", "type", "proc", "source", "proc"),
                        object("destination", "/dev", "type", "tmpfs", "source", "tmpfs",
                                "options", List.of("nosuid", "strictatime", "mode=755", "size=65536k"))),
                "linux", object("namespaces", List.of(object("type", "pid"), object("type", "network"),
                                object("type", "ipc"), object("type", "uts"), object("type", "mount")),
                        "maskedPaths", List.of("/proc/kcore"), "readonlyPaths", List.of("/proc/sys")));
    }

    /** A JSON text of maps, lists, strings, numbers, booleans and nulls. */
    static String json(Object value) {
        var out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            JsonText.appendQuoted(out, s);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : ",");
                JsonText.appendQuoted(out, (String) entry.getKey());
                out.append(':');
                write(out, entry.getValue());
                first = false;
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            out.append(value); // numbers and booleans
        }
    }
}
