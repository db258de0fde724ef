package io.hako.cli.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.cli.sidebyside.BusyboxBundle;
import io.hako.cli.sidebyside.SideBySide;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many hako processes at once on one state root (cold: a JVM each, as engines start them): 50 whole lifecycles
 * side by side, and 20 execs into one container, each with its own status and output, and nothing left after.
 */
class ConcurrencyIT {
    private static final Path CLIENT = Path.of(System.getProperty("hako.repo", "."))
            .resolve("cli/target/hako/bin/hako");

    @TempDir
    Path dir;

    @BeforeEach
    void check() {
        assumeTrue("root".equals(System.getProperty("user.name")), "containers need root");
        assumeTrue(Files.isExecutable(CLIENT), "needs the packaged client at " + CLIENT);
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static");
    }

    record Result(int status, String out, String err) {}

    private Result call(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(CLIENT.toString(), "--root", dir.resolve("state").toString()));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().put("HAKO_DAEMON", "off");
        Path out = Files.createTempFile(dir, "out", "");
        Path err = Files.createTempFile(dir, "err", "");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), String.join(" ", args) + " hung");
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void fiftyLifecyclesAtOnceEachEndAndLeaveNothing() throws Exception {
        Path bundle = BusyboxBundle.make(dir, "echo \"$(hostname) ran\"; exit 3", spec -> spec);
        String hostname = Files.readString(bundle.resolve("config.json"))
                .replaceAll("(?s).*\"hostname\": *\"([^\"]*)\".*", "$1");
        try (var calls = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Result>>> lifecycles = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String id = "many-" + i;
                lifecycles.add(calls.submit(() -> List.of(
                        call("create", "--bundle", bundle.toString(), id),
                        call("start", id),
                        call("delete", "--force", id))));
            }
            for (int i = 0; i < lifecycles.size(); i++) {
                List<Result> results = lifecycles.get(i).get(600, TimeUnit.SECONDS);
                for (Result result : results) {
                    assertEquals(new Result(0, "", ""), result, "many-" + i);
                }
            }
            List<Future<Result>> runs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String id = "run-" + i;
                runs.add(calls.submit(() -> call("run", "--bundle", bundle.toString(), id)));
            }
            for (var run : runs) {
                assertEquals(new Result(3, hostname + " ran\n", ""), run.get(600, TimeUnit.SECONDS));
            }
        }
        assertEquals("", call("list", "--quiet").out());
        var hako = new SideBySide.Runtime("hako", List.of(CLIENT.toString()), dir.resolve("state"));
        for (int i = 0; i < 50; i++) {
            SideBySide.assertNothingLeft(hako, bundle, "many-" + i);
        }
    }

    /**
     * Ten of each call on one id at once: one create makes the container and the others are told it exists; one
     * start starts it and the others are told it is not created; the deletes end it, each saying it is gone or
     * deleting it.
     */
    @Test
    void tenOfEachCallOnOneIdAtOnceAreServedOneAtATime() throws Exception {
        Path bundle = BusyboxBundle.make(dir, "exec sleep 600; : same-id", spec -> spec);
        List<Result> creates = tenAtOnce(() -> call("create", "--bundle", bundle.toString(), "same-id"));
        assertEquals(1, creates.stream().filter(r -> r.status() == 0).count(), creates::toString);
        assertOthersSay(creates, "already exists");
        List<Result> starts = tenAtOnce(() -> call("start", "same-id"));
        assertEquals(1, starts.stream().filter(r -> r.status() == 0).count(), starts::toString);
        assertOthersSay(starts, "cannot start");
        assertTrue(call("state", "same-id").out().contains("\"status\": \"running\""));
        List<Result> deletes = tenAtOnce(() -> call("delete", "--force", "same-id"));
        assertTrue(deletes.stream().anyMatch(r -> r.status() == 0), deletes::toString);
        assertOthersSay(deletes, "does not exist");
        assertEquals("", call("list", "--quiet").out());
        SideBySide.assertNothingLeft(new SideBySide.Runtime("hako", List.of(CLIENT.toString()),
                dir.resolve("state")), bundle, "same-id");
    }

    private static List<Result> tenAtOnce(java.util.concurrent.Callable<Result> call) throws Exception {
        try (var calls = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Result>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                futures.add(calls.submit(call));
            }
            List<Result> results = new ArrayList<>();
            for (var future : futures) {
                results.add(future.get(600, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    /** Every call that failed did so in one line containing {@code words}. */
    private static void assertOthersSay(List<Result> results, String words) {
        for (Result result : results) {
            if (result.status() != 0) {
                assertEquals(1, result.status(), result.toString());
                assertEquals(1, result.err().strip().lines().count(), result.toString());
                assertTrue(result.err().contains(words), result.toString());
            }
        }
    }

    @Test
    void twentyExecsAtOnceIntoOneContainer() throws Exception {
        Path bundle = BusyboxBundle.make(dir, "exec sleep 600", spec -> spec);
        assertEquals(0, call("run", "-d", "--bundle", bundle.toString(), "execs").status());
        try (var calls = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Result>> execs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                execs.add(calls.submit(() -> call("exec", "execs", "sh", "-c", "echo exec " + n + "; exit " + n)));
            }
            for (int i = 0; i < execs.size(); i++) {
                assertEquals(new Result(i, "exec " + i + "\n", ""), execs.get(i).get(600, TimeUnit.SECONDS));
            }
        }
        String processes = call("ps", "--format", "json", "execs").out().strip();
        assertEquals(1, processes.split(",").length, "only the init is left: " + processes);
        assertEquals(0, call("delete", "--force", "execs").status());
        SideBySide.assertNothingLeft(new SideBySide.Runtime("hako", List.of(CLIENT.toString()),
                dir.resolve("state")), bundle, "execs");
    }
}
