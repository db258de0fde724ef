package io.hako.examples.cgroups;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupDriver;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.CgroupStats;
import io.hako.cgroups.Cgroups;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Pids;
import io.hako.oci.config.Resources;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Uses hako's cgroup API alone: runs a command in a cgroup of its own with a memory and a pids limit, through
 * whichever cgroupfs driver serves this host, then prints what the cgroup counted and removes it.
 *
 * <pre>java --enable-native-access=io.hako.sys -p ... -m io.hako.examples.cgroups/io.hako.examples.cgroups.LimitProcess MEMORY_BYTES PIDS COMMAND [ARG...]</pre>
 *
 * The command's output is printed after {@code | }; what it leaves running in the cgroup is killed before the
 * cgroup is removed. Needs root (or a delegated cgroup). Exit status: the command's, or 1 when the cgroup cannot be
 * made, 2 usage.
 */
public final class LimitProcess {
    private LimitProcess() {}

    /**
     * Runs the example.
     *
     * @param args the memory limit in bytes, the pids limit, then the command
     * @throws Exception as {@link #run} does
     */
    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * What {@link #main} does.
     *
     * @param args the command line's arguments
     * @param out where the example prints what it shows
     * @param err where it prints errors, one line each
     * @return the exit status
     * @throws IOException when a file or the process's output cannot be read or written
     * @throws InterruptedException when interrupted while waiting for the command
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        if (args.length < 3) {
            err.println("usage: LimitProcess MEMORY_BYTES PIDS COMMAND [ARG...]");
            return 2;
        }
        long memory;
        long pids;
        try {
            memory = Long.parseLong(args[0]);
            pids = Long.parseLong(args[1]);
        } catch (NumberFormatException e) {
            err.println("usage: LimitProcess MEMORY_BYTES PIDS COMMAND [ARG...] (the limits as numbers)");
            return 2;
        }
        List<String> command = Arrays.asList(args).subList(2, args.length);
        String name = "hako-example-" + ProcessHandle.current().pid();
        try {
            CgroupLayout layout = Cgroups.layout();
            CgroupDriver driver = Cgroups.select(layout, false);
            // An absolute path is taken from the root of each hierarchy, as a container's cgroupsPath is.
            Cgroup cgroup = driver.forContainer("/" + name, name, layout);
            out.println("driver: " + driver.name() + ", cgroup " + cgroup.path());
            cgroup.create();
            try {
                cgroup.apply(Resources.EMPTY
                        .withMemory(new Memory(memory, null, null, null, null, null, null, null, null, null))
                        .withPids(new Pids(pids, null)));
                out.println("limits: memory " + memory + " bytes, " + pids + " processes");
                return runInside(cgroup, command, out);
            } finally {
                cgroup.destroy();
                out.println("removed " + cgroup.path());
            }
        } catch (CgroupException e) {
            err.println("LimitProcess: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Runs {@code command} with every process it makes in {@code cgroup}: a shell that waits for a line on its
     * standard input is started, moved into the cgroup, then told to exec the command, so nothing runs outside.
     * Once it has exited, prints what it wrote, its status and the cgroup's counters, and kills what it left
     * running in the cgroup (a background job, which also holds its output open).
     */
    private static int runInside(Cgroup cgroup, List<String> command, PrintStream out)
            throws IOException, InterruptedException, CgroupException {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "read go && exec \"$@\"", "sh"));
        argv.addAll(command);
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            cgroup.add((int) process.pid());
            try (OutputStream go = process.getOutputStream()) {
                go.write('\n');
            }
            List<String> lines = new ArrayList<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    in.lines().forEach(lines::add);
                } catch (IOException e) {
                    lines.add("(output lost: " + e.getMessage() + ")");
                }
            });
            int status = process.waitFor();
            CgroupStats stats = cgroup.stats();
            int left = cgroup.pids().size();
            if (left > 0) {
                cgroup.signalAll(9);
            }
            reader.join();
            lines.forEach(line -> out.println("| " + line));
            out.println("exit status: " + status);
            printStats(stats, out);
            if (left > 0) {
                out.println("killed " + left + " process(es) it left in the cgroup");
            }
            return status;
        } finally {
            process.destroyForcibly();
        }
    }

    private static void printStats(CgroupStats stats, PrintStream out) {
        if (stats.memory() != null) {
            CgroupStats.Usage memory = stats.memory().memory();
            out.printf("memory: limit %d, peak %d KiB, limit hit %d times%n", memory.limit(), memory.maxUsage() / 1024,
                    memory.failcnt());
        }
        if (stats.pids() != null) {
            out.println("pids: limit " + stats.pids().limit() + ", now " + stats.pids().current());
        }
        if (stats.cpu() != null) {
            out.printf("cpu: %d ms%n", stats.cpu().totalNanos() / 1_000_000);
        }
    }
}
