package io.hako.cgroups.v1.internal;

import io.hako.cgroups.CgroupEvent;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.PressureTrigger;
import io.hako.cgroups.internal.CgroupFiles;
import io.hako.cgroups.internal.MemoryEventCounts;
import io.hako.cgroups.internal.PolledEvents;
import io.hako.sys.Eventfd;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A v1 memory cgroup's events: an eventfd registered for {@code memory.oom_control} through
 * {@code cgroup.event_control}, which the kernel adds one to at each OOM in the cgroup or below it, and once more
 * when the cgroup is removed (told apart by the directory being gone). The kills are {@code memory.oom_control}'s
 * {@code oom_kill}, read at each wake. v1 has no pressure information per cgroup.
 */
final class V1Events extends PolledEvents {
    /**
     * The kernel signals an OOM before its killer picks a victim, so the kill may not be counted yet when the wake
     * comes: for this long after an OOM, the count is read again every {@link #KILL_LOOK_NANOS}.
     */
    private static final long KILL_LAG_NANOS = 200_000_000;
    private static final long KILL_LOOK_NANOS = 10_000_000;

    private final Path memory;
    private final Path oomControl;
    private final Eventfd ooms;
    private final Sys.PollFd[] polled;
    private MemoryEventCounts last;
    private long lookUntil;

    private V1Events(String cgroup, Path memory, Eventfd ooms, MemoryEventCounts initial) {
        super(cgroup);
        this.memory = memory;
        this.oomControl = memory.resolve("memory.oom_control");
        this.ooms = ooms;
        this.polled = new Sys.PollFd[] {new Sys.PollFd(ooms.fd(), Sys.POLLIN)};
        this.last = initial;
        this.lookUntil = System.nanoTime();
    }

    /** Registers an eventfd for the OOMs of the cgroup whose memory directory is {@code memory}. */
    static V1Events open(String cgroup, Path memory) throws CgroupException {
        if (memory == null) {
            throw new CgroupException(cgroup, "the memory controller is not mounted on this host: OOM events need it");
        }
        Path oomControl = memory.resolve("memory.oom_control");
        Eventfd ooms = null;
        try {
            ooms = Eventfd.open();
            // The kernel holds what it needs of memory.oom_control once registered: the descriptor can go.
            try (Fd control = Sys.open(oomControl.toString(), Sys.O_RDONLY, 0)) {
                CgroupFiles.write(cgroup, memory.resolve("cgroup.event_control"),
                        ooms.fd().number() + " " + control.number());
            }
            // The kills counted so far, read once the registration is in place so that none falls between.
            MemoryEventCounts initial = MemoryEventCounts.parse(CgroupFiles.read(cgroup, oomControl)).withOom(0);
            return new V1Events(cgroup, memory, ooms, initial);
        } catch (SysException e) {
            close(ooms);
            throw new CgroupException(cgroup, "watch OOM events: " + e.getMessage()
                    + (Files.isDirectory(memory) ? "" : " (the cgroup does not exist)"), e);
        } catch (CgroupException | RuntimeException e) {
            close(ooms);
            throw e;
        }
    }

    private static void close(Eventfd eventfd) {
        if (eventfd != null) {
            eventfd.close();
        }
    }

    @Override
    public Optional<PressureTrigger> memoryPressure() {
        return Optional.empty();
    }

    @Override
    protected Sys.PollFd[] polled() {
        return polled;
    }

    @Override
    protected long lookAgainNanos() {
        long left = lookUntil - System.nanoTime();
        return left > 0 ? Math.min(left, KILL_LOOK_NANOS) : Long.MAX_VALUE;
    }

    @Override
    protected List<CgroupEvent> look(short[] revents) throws CgroupException {
        long added;
        try {
            added = ooms.take();
        } catch (SysException e) {
            throw new CgroupException(cgroup(), "read the OOM eventfd: " + e.getMessage(), e);
        }
        if (added > 0 && !Files.isDirectory(memory)) {
            return List.of(new CgroupEvent.Removed());
        }
        String control;
        try {
            control = CgroupFiles.read(cgroup(), oomControl);
        } catch (CgroupException e) {
            if (!Files.isDirectory(memory)) {
                return List.of(new CgroupEvent.Removed());
            }
            throw e;
        }
        if (added > 0) {
            lookUntil = System.nanoTime() + KILL_LAG_NANOS;
        }
        MemoryEventCounts now = MemoryEventCounts.parse(control).withOom(last.oom() + added);
        List<CgroupEvent> events = now.since(last);
        last = now;
        return events;
    }

    @Override
    protected void closeDescriptors() {
        // Closing the eventfd ends the registration: the kernel drops it when the eventfd hangs up.
        ooms.close();
    }
}
