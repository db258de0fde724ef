package io.hako.cgroups.v2.internal;

import io.hako.cgroups.CgroupEvent;
import io.hako.cgroups.CgroupException;
import io.hako.cgroups.PressureTrigger;
import io.hako.cgroups.internal.CgroupFiles;
import io.hako.cgroups.internal.MemoryEventCounts;
import io.hako.cgroups.internal.PolledEvents;
import io.hako.sys.Errno;
import io.hako.sys.Fd;
import io.hako.sys.Inotify;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A v2 cgroup's events: inotify on {@code memory.events}, which the kernel marks modified when a counter in it
 * changes, with its {@code oom} and {@code oom_kill} compared at each wake; inotify on the parent directory, for
 * the cgroup's removal; and, when asked for and the kernel has PSI, a trigger written to {@code memory.pressure},
 * which polls {@code POLLPRI} when it fires.
 */
final class V2Events extends PolledEvents {
    private final Path directory;
    private final Path memoryEvents;
    private final Inotify inotify;
    private final Fd pressure;
    private final PressureTrigger trigger;
    private final Sys.PollFd[] polled;
    private MemoryEventCounts last;

    private V2Events(String cgroup, Path directory, Inotify inotify, Fd pressure, PressureTrigger trigger,
            MemoryEventCounts initial) {
        super(cgroup);
        this.directory = directory;
        this.memoryEvents = directory.resolve("memory.events");
        this.inotify = inotify;
        this.pressure = pressure;
        this.trigger = pressure == null ? null : trigger;
        this.polled = pressure == null ? new Sys.PollFd[] {new Sys.PollFd(inotify.fd(), Sys.POLLIN)}
                : new Sys.PollFd[] {new Sys.PollFd(inotify.fd(), Sys.POLLIN), new Sys.PollFd(pressure, Sys.POLLPRI)};
        this.last = initial;
    }

    static V2Events open(String cgroup, Path directory, PressureTrigger trigger) throws CgroupException {
        Path memoryEvents = directory.resolve("memory.events");
        if (!Files.exists(memoryEvents)) {
            throw new CgroupException(cgroup, Files.isDirectory(directory)
                    ? "the memory controller is not enabled for it (no " + memoryEvents + "): OOM events need it"
                    : "watch events: " + directory + " does not exist");
        }
        Inotify inotify = null;
        Fd pressure = null;
        try {
            inotify = Inotify.open();
            inotify.addWatch(memoryEvents.toString(), Inotify.IN_MODIFY);
            // A removed cgroup's own directory reports nothing (kernfs), but rmdir(2) tells the parent's watchers.
            inotify.addWatch(directory.getParent().toString(), Inotify.IN_DELETE | Inotify.IN_ONLYDIR);
            // Read once the watch is in place, so that no change falls between.
            MemoryEventCounts initial = MemoryEventCounts.parse(CgroupFiles.read(cgroup, memoryEvents));
            if (trigger != null) {
                pressure = openTrigger(cgroup, directory.resolve("memory.pressure"), trigger);
            }
            return new V2Events(cgroup, directory, inotify, pressure, trigger, initial);
        } catch (SysException e) {
            closeAll(inotify, pressure);
            throw new CgroupException(cgroup, "watch events: " + e.getMessage(), e);
        } catch (CgroupException | RuntimeException e) {
            closeAll(inotify, pressure);
            throw e;
        }
    }

    /** The text a trigger is written as: {@code some|full <stall µs> <window µs>}. A pure function. */
    static String triggerText(PressureTrigger trigger) {
        return (trigger.full() ? "full " : "some ") + trigger.stall().toNanos() / 1000 + " "
                + trigger.window().toNanos() / 1000;
    }

    /**
     * A descriptor of {@code memory.pressure} with {@code trigger} written to it; null when the kernel keeps no
     * pressure for cgroups (the file is absent without PSI or with {@code cgroup.pressure} 0; EOPNOTSUPP with
     * PSI turned off at boot). A trigger the kernel refuses is an error naming it.
     */
    private static Fd openTrigger(String cgroup, Path file, PressureTrigger trigger) throws CgroupException {
        if (!Files.exists(file)) {
            return null;
        }
        String text = triggerText(trigger);
        Fd fd = null;
        try {
            fd = Sys.open(file.toString(), Sys.O_RDWR | Sys.O_NONBLOCK, 0);
            // With its NUL: the kernel's PSI files take the last byte written for the end of the string.
            Sys.writeFully(fd, (text + "\0").getBytes(StandardCharsets.US_ASCII));
            return fd;
        } catch (SysException e) {
            closeAll(null, fd);
            if (e.errno() == Errno.EOPNOTSUPP || e.errno() == Errno.ENOENT) {
                return null;
            }
            throw new CgroupException(cgroup, "write \"" + text + "\" to " + file + ": " + e.getMessage(), e);
        }
    }

    private static void closeAll(Inotify inotify, Fd pressure) {
        if (inotify != null) {
            inotify.close();
        }
        if (pressure != null) {
            pressure.close();
        }
    }

    @Override
    public Optional<PressureTrigger> memoryPressure() {
        return Optional.ofNullable(trigger);
    }

    @Override
    protected Sys.PollFd[] polled() {
        return polled;
    }

    @Override
    protected List<CgroupEvent> look(short[] revents) throws CgroupException {
        if (revents[0] != 0) {
            // Drained: which watch woke does not matter. The directory is looked at below (a sibling's removal
            // wakes the parent's watch too), then memory.events read.
            try {
                inotify.read();
            } catch (SysException e) {
                throw new CgroupException(cgroup(), "read inotify events: " + e.getMessage(), e);
            }
        }
        if (!Files.isDirectory(directory)) {
            return List.of(new CgroupEvent.Removed());
        }
        // A removed cgroup's trigger polls an error, and that case is behind; nothing else should.
        if (pressure != null && (revents[1] & (Sys.POLLERR | Sys.POLLNVAL)) != 0) {
            throw new CgroupException(cgroup(), "the memory pressure trigger on "
                    + directory.resolve("memory.pressure") + " polls an error (revents " + revents[1] + ")");
        }
        String text;
        try {
            text = CgroupFiles.read(cgroup(), memoryEvents);
        } catch (CgroupException e) {
            if (!Files.isDirectory(directory)) {
                return List.of(new CgroupEvent.Removed());
            }
            throw e;
        }
        MemoryEventCounts now = MemoryEventCounts.parse(text);
        List<CgroupEvent> events = new ArrayList<>(now.since(last));
        last = now;
        if (pressure != null && (revents[1] & Sys.POLLPRI) != 0) {
            events.add(new CgroupEvent.MemoryPressure(trigger));
        }
        return List.copyOf(events);
    }

    @Override
    protected void closeDescriptors() {
        closeAll(inotify, pressure);
    }
}
