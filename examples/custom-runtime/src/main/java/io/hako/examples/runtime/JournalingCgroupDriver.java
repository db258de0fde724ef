package io.hako.examples.runtime;

import io.hako.cgroups.Cgroup;
import io.hako.cgroups.CgroupDriver;
import io.hako.cgroups.CgroupEvents;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.CgroupHierarchy;
import io.hako.cgroups.CgroupLayout;
import io.hako.cgroups.CgroupStats;
import io.hako.cgroups.Cgroups;
import io.hako.cgroups.FreezerState;
import io.hako.cgroups.PressureTrigger;
import io.hako.oci.config.Resources;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A cgroup driver of this runtime's own: it writes what it is asked to a journal, and leaves the work to the
 * cgroupfs driver that serves this host. Its priority is above every driver of hako's, so it is chosen wherever
 * it serves, whatever the class or module path's order; a caller can still force another by name.
 *
 * <p>The {@link java.util.ServiceLoader} contract: cheap to construct (no work until asked), and safe to share
 * between threads (the journal is a concurrent queue).
 */
public final class JournalingCgroupDriver implements CgroupDriver {
    /** What the driver's cgroups were asked to do, oldest first, one line each. */
    public static final Queue<String> JOURNAL = new ConcurrentLinkedQueue<>();

    /** What {@link java.util.ServiceLoader} calls. */
    public JournalingCgroupDriver() {}

    @Override
    public String name() {
        return "journaling-cgroupfs";
    }

    @Override
    public int priority() {
        return 1000;
    }

    @Override
    public boolean serves(CgroupLayout layout) {
        return delegate(layout) != null;
    }

    @Override
    public Cgroup forContainer(String cgroupsPath, String containerId, CgroupLayout layout) throws CgroupException {
        Cgroup cgroup = require(layout).forContainer(cgroupsPath, containerId, layout);
        JOURNAL.add("cgroup for " + containerId + ": " + cgroup.path());
        return new Journaled(cgroup);
    }

    @Override
    public Cgroup at(String path, CgroupLayout layout) throws CgroupException {
        return new Journaled(require(layout).at(path, layout));
    }

    /** The host's cgroupfs driver: the first by priority that serves {@code layout}, other than this one. */
    private static CgroupDriver delegate(CgroupLayout layout) {
        return Cgroups.drivers().stream()
                .filter(driver -> !(driver instanceof JournalingCgroupDriver) && !driver.isSystemd())
                .filter(driver -> driver.serves(layout)).findFirst().orElse(null);
    }

    private static CgroupDriver require(CgroupLayout layout) throws CgroupException {
        CgroupDriver driver = delegate(layout);
        if (driver == null) {
            throw new CgroupException(null, "no cgroupfs driver serves this host for journaling-cgroupfs to use");
        }
        return driver;
    }

    /** A cgroup of the host's driver, named as this driver's, whose changes are journaled. */
    private record Journaled(Cgroup cgroup) implements Cgroup {
        @Override
        public String path() {
            return cgroup.path();
        }

        @Override
        public String driver() {
            return "journaling-cgroupfs"; // what the container's state records, and later commands look up
        }

        @Override
        public void create() throws CgroupException {
            JOURNAL.add("create " + path());
            cgroup.create();
        }

        @Override
        public boolean exists() {
            return cgroup.exists();
        }

        @Override
        public void add(int pid) throws CgroupException {
            JOURNAL.add("add a process to " + path());
            cgroup.add(pid);
        }

        @Override
        public void apply(Resources resources) throws CgroupException {
            if (resources.memory() != null && resources.memory().limit() != null) {
                JOURNAL.add("limit memory to " + resources.memory().limit() + " bytes");
            }
            cgroup.apply(resources);
        }

        @Override
        public void freeze() throws CgroupException {
            JOURNAL.add("freeze " + path());
            cgroup.freeze();
        }

        @Override
        public void thaw() throws CgroupException {
            JOURNAL.add("thaw " + path());
            cgroup.thaw();
        }

        @Override
        public FreezerState freezerState() throws CgroupException {
            return cgroup.freezerState();
        }

        @Override
        public List<Integer> pids() throws CgroupException {
            return cgroup.pids();
        }

        @Override
        public void signalAll(int signal) throws CgroupException {
            JOURNAL.add("signal " + signal + " to every process of " + path());
            cgroup.signalAll(signal);
        }

        @Override
        public CgroupStats stats() throws CgroupException {
            return cgroup.stats();
        }

        @Override
        public List<CgroupHierarchy> hierarchies() {
            return cgroup.hierarchies();
        }

        @Override
        public void destroy() throws CgroupException {
            if (cgroup.exists()) {
                JOURNAL.add("destroy " + path());
            }
            cgroup.destroy();
        }

        @Override
        public CgroupEvents events(PressureTrigger memoryPressure) throws CgroupException {
            return cgroup.events(memoryPressure);
        }
    }
}
