package io.hako.cgroups.internal;

import io.hako.cgroups.CgroupEvent;
import io.hako.cgroups.CgroupEvents;
import io.hako.cgroups.CgroupException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** What the drivers' real event tests share: gated processes, waiting for an event, counting descriptors. */
public final class Watching {
    private Watching() {}

    /** A shell started in this JVM's cgroup that waits for a line on its input before it runs {@code script}. */
    public static final class Gated implements AutoCloseable {
        public final Process process;

        public Gated(String script) throws IOException {
            process = new ProcessBuilder("/bin/sh", "-c", "read _; " + script).redirectErrorStream(true).start();
        }

        public int pid() {
            return (int) process.pid();
        }

        public void release() throws IOException {
            try (OutputStream in = process.getOutputStream()) {
                in.write('\n');
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Allocates and touches 128 MiB at once, in one process. */
    public static final String HOG = "exec dd if=/dev/zero of=/dev/null bs=128M count=1";

    /**
     * Awaits until an event {@code wanted} accepts comes, at most {@code limit}; returns every event seen up to
     * and with it (none of them accepted when the limit passed).
     */
    public static List<CgroupEvent> until(CgroupEvents events, Predicate<CgroupEvent> wanted, Duration limit)
            throws CgroupException {
        List<CgroupEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (CgroupEvent event : events.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                seen.add(event);
                if (wanted.test(event)) {
                    return seen;
                }
            }
        }
        return seen;
    }

    /** The descriptors this process has open now. */
    public static List<String> openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> fd.getFileName().toString()).sorted().toList();
        }
    }
}
