package io.hako.cgroups.testing;

import io.hako.cgroups.CgroupEvent;
import io.hako.cgroups.CgroupEvents;
import io.hako.cgroups.CgroupException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
        private final String script;

        public Gated(String script) throws IOException {
            this.script = script;
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

        /** Lets it run, and returns its output once it has exited (within 30 s, or an error). */
        public String run() throws IOException, InterruptedException {
            release();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException("\"" + script + "\" did not exit within 30 s");
            }
            return output;
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

    /** Allocates and touches 128 MiB at once, in one process (in the kernel: read(2) fills dd's buffer). */
    public static final String HOG = "exec dd if=/dev/zero of=/dev/null bs=128M count=1";

    /**
     * Grows a string without end, touching its memory from user space. A v1 cgroup whose OOM killer is disabled
     * makes such a task wait for memory; one that runs out in the kernel (as {@link #HOG}'s read does) gets an error
     * instead, and no OOM is signalled.
     */
    public static final String USER_SPACE_HOG = "x=a; while :; do x=$x$x; done";

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

    /**
     * The descriptors this process has open now, each as {@code number -> what} ({@code 7 -> anon_inode:[eventfd]}):
     * a number the kernel gives again to another file counts as another descriptor. The listing's own is left out.
     */
    public static List<String> openDescriptors() throws IOException {
        Path listed = Path.of("/proc/self/fd");
        List<String> open = new ArrayList<>();
        try (Stream<Path> fds = Files.list(listed)) {
            for (Path fd : fds.toList()) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (!target.equals(listed.toRealPath())) {
                        open.add(fd.getFileName() + " -> " + target);
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return open;
    }

    /**
     * The descriptors open now that were not in {@code before}. Only new ones count: the JDK closes a finished
     * child's pipes on a thread of its own, at its own time.
     */
    public static List<String> openedSince(List<String> before) throws IOException {
        return openDescriptors().stream().filter(fd -> !before.contains(fd)).toList();
    }
}
