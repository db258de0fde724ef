package io.hako.examples.runtime;

import io.hako.cgroups.CgroupDriver;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.Cgroups;
import io.hako.container.Container;
import io.hako.container.ContainerException;
import io.hako.container.Containers;
import io.hako.container.CreateOptions;
import io.hako.container.Stdio;
import io.hako.oci.DefaultSpec;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Resources;
import io.hako.oci.config.Root;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * A runtime assembled from hako's parts with a cgroup driver of its own ({@link JournalingCgroupDriver}): it lists
 * the cgroup drivers {@code ServiceLoader} finds, by priority; runs a container with a memory limit, which the
 * driver of its own is chosen for, and prints the limit the container sees and what the driver was asked; then runs
 * one with the host's driver forced by name, which the journal does not see.
 *
 * <pre>java --enable-native-access=io.hako.sys -p ... -m io.hako.examples.runtime/io.hako.examples.runtime.CustomRuntime STATE_ROOT ROOTFS</pre>
 *
 * Needs root, and a busybox root filesystem. Exit status: 0, 1 when a container cannot run, 2 usage.
 */
public final class CustomRuntime {
    /** The memory limit the container is given: 32 MiB. */
    public static final long MEMORY_LIMIT = 32L << 20;

    private CustomRuntime() {}

    /**
     * Runs the example.
     *
     * @param args the state root and the root filesystem
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * What {@link #main} does.
     *
     * @param args the command line's arguments
     * @param out where the example prints what it shows
     * @param err where it prints errors, one line each
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: CustomRuntime STATE_ROOT ROOTFS");
            return 2;
        }
        Containers containers = Containers.open(Path.of(args[0]), warning -> err.println("warning: " + warning));
        Spec spec = DefaultSpec.create()
                .withRoot(new Root(Path.of(args[1]).toAbsolutePath().toString(), true, null))
                .editProcess(process -> process.withTerminal(false).withArgs("sh", "-c",
                        "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max"))
                .editLinux(linux -> linux.editResources(resources -> resources.withMemory(
                        new Memory(MEMORY_LIMIT, null, null, null, null, null, null, null, null, null))));
        try {
            out.println("cgroup drivers, by priority: " + Cgroups.drivers().stream()
                    .map(driver -> driver.name() + " (" + driver.priority() + ")").collect(Collectors.joining(", ")));
            CgroupLayout layout = Cgroups.layout();
            CgroupDriver chosen = Cgroups.select(layout, false);
            out.println("chosen for this host: " + chosen.name());
            out.println("the container sees a memory limit of " + runOnce(containers, spec, "custom-1",
                    CreateOptions.DEFAULTS));
            JournalingCgroupDriver.JOURNAL.forEach(line -> out.println("journal: " + line));

            String host = Cgroups.drivers().stream().filter(d -> !(d instanceof JournalingCgroupDriver))
                    .filter(d -> !d.isSystemd() && d.serves(layout)).map(CgroupDriver::name).findFirst().orElseThrow();
            JournalingCgroupDriver.JOURNAL.clear();
            runOnce(containers, spec, "custom-2", CreateOptions.DEFAULTS.withCgroupDriver(host));
            out.println("with " + host + " forced by name, the journal has " + JournalingCgroupDriver.JOURNAL.size()
                    + " entries");
            return 0;
        } catch (ContainerException | CgroupException | IOException e) {
            err.println("CustomRuntime: " + e.getMessage());
            return 1;
        }
    }

    /** Runs the container to its end and returns what it printed, trimmed. */
    private static String runOnce(Containers containers, Spec spec, String id, CreateOptions options)
            throws ContainerException, IOException {
        try (Container container = containers.builder(spec).id(id).options(options).stdin(Stdio.discard())
                .stdout(Stdio.pipe()).start()) {
            String printed = new String(container.stdout().readAllBytes(), StandardCharsets.UTF_8).trim();
            int status = container.waitFor();
            if (status != 0) {
                throw new IOException("container " + id + " exited with " + status + ": " + printed);
            }
            return printed;
        }
    }
}
