package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code events} through the command line on real containers, its output read line by line as it comes. */
class EventsTest {
    @TempDir
    Path dir;
    Path bundle;
    String root;

    @BeforeEach
    void bundle() throws Exception {
        bundle = Hako.busyboxBundle(dir, "sh", "sleep", "head", "tr");
        root = dir.resolve("state").toString();
    }

    @AfterEach
    void nothingLeft() {
        if (root != null) {
            Hako.deleteAll(dir, root);
        }
    }

    private void create(String id, String script) throws Exception {
        Path config = bundle.resolve("config.json");
        String json = "\"" + script.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        Files.writeString(config, Files.readString(config).replace("\"terminal\": true", "\"terminal\": false")
                .replaceFirst("\"sh\"\\s*\\]", Matcher.quoteReplacement("\"sh\", \"-c\", " + json + "]")));
        var create = Hako.run(bundle, "--root", root, "create", id);
        assertEquals(0, create.status(), create::toString);
    }

    /** A hako call running on its own thread, its stdout's lines queued as they are written. */
    private final class Running {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final AtomicInteger status = new AtomicInteger(-1);
        final Thread thread;

        Running(String... args) {
            OutputStream out = new OutputStream() {
                private final ByteArrayOutputStream line = new ByteArrayOutputStream();

                @Override
                public synchronized void write(int b) {
                    if (b == '\n') {
                        lines.add(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
            };
            thread = Thread.ofPlatform().start(() -> status.set(Main.run(new Invocation(List.of(args), dir,
                    Map.of("PATH", "/usr/bin:/bin"), new ByteArrayInputStream(new byte[0]), out, err))));
        }

        String next(long millis) throws InterruptedException {
            return lines.poll(millis, TimeUnit.MILLISECONDS);
        }

        /** Waits for the call to end (10 s at most) and returns its status. */
        int end() throws InterruptedException {
            thread.join(10_000);
            assertTrue(!thread.isAlive(), "events did not end");
            return status.get();
        }
    }

    @Test
    void anOomKillIsPrintedAsItHappensNotAtTheNextInterval() throws Exception {
        create("c1", "x=$(head -c 200000000 /dev/zero | tr '\\0' a); sleep 600");
        var limit = Hako.run(dir, "--root", root, "update", "--memory", "32m", "--memory-swap", "32m", "c1");
        assertEquals(0, limit.status(), limit::toString);
        Running events = new Running("--root", root, "events", "--interval", "60s", "c1");
        String first = events.next(10_000);
        assertNotNull(first, "no stats printed");
        assertTrue(first.startsWith("{\"type\":\"stats\",\"id\":\"c1\",\"data\":{"), first);

        long started = System.nanoTime();
        assertEquals(0, Hako.run(dir, "--root", root, "start", "c1").status());
        String oom = events.next(5_000);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals("{\"type\":\"oom\",\"id\":\"c1\"}", oom, "printed within 5 s of start, the interval being 60");
        assertTrue(millis < 2000, "the oom line came " + millis + " ms after start");

        // Deleting the container removes its cgroup, which ends events at once.
        assertEquals(0, Hako.run(dir, "--root", root, "delete", "--force", "c1").status());
        assertEquals(0, events.end(), events.err::toString);
        List<String> rest = new ArrayList<>();
        events.lines.drainTo(rest);
        assertEquals(List.of(), rest.stream().filter(l -> l.contains("\"oom\"")).toList(), "one kill, one line");
    }

    @Test
    void statsComeEveryIntervalUntilTheContainerStops() throws Exception {
        create("c2", "sleep 1");
        assertEquals(0, Hako.run(dir, "--root", root, "start", "c2").status());
        Running events = new Running("--root", root, "events", "--interval", "200ms", "c2");
        assertEquals(0, events.end(), events.err::toString);
        List<String> stats = new ArrayList<>();
        events.lines.drainTo(stats);
        assertTrue(stats.size() >= 3 && stats.stream().allMatch(l -> l.startsWith("{\"type\":\"stats\",\"id\":\"c2\"")),
                "a second of 200 ms intervals: " + stats);
    }

    @Test
    void anIntervalOfZeroIsRefusedInRuncsWords() {
        var result = Hako.run(dir, "--root", root, "events", "--interval", "0s", "none");
        assertEquals(1, result.status());
        assertEquals("duration interval must be greater than 0\n", result.err());
    }
}
