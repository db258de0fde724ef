package io.hako.cgroups.internal;

import io.hako.cgroups.CgroupEvent;
import io.hako.cgroups.CgroupEvents;
import io.hako.cgroups.CgroupException;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.time.Duration;
import java.util.List;

/**
 * The waiting that both drivers' watches share: poll their descriptors until one wakes or the time is up, let the
 * driver {@link #look} at what changed, and keep the end once the cgroup is gone.
 */
public abstract class PolledEvents implements CgroupEvents {
    /** A timeout longer than this (some 70 years) is as good as none, and keeps the arithmetic from overflowing. */
    private static final long FOREVER_NANOS = Long.MAX_VALUE / 4;
    private static final List<CgroupEvent> REMOVED = List.of(new CgroupEvent.Removed());

    private final String cgroup;
    private boolean removed;
    private boolean closed;

    protected PolledEvents(String cgroup) {
        this.cgroup = cgroup;
    }

    @Override
    public final String cgroup() {
        return cgroup;
    }

    /** The descriptors to wait on, each with the events it wakes for; {@link #look} gets their results in order. */
    protected abstract Sys.PollFd[] polled();

    /**
     * Reads what changed, after a wake or a time-out ({@code revents} all zero), and returns the events: empty
     * when nothing new happened, {@link CgroupEvent.Removed} (alone or last) when the cgroup is gone.
     */
    protected abstract List<CgroupEvent> look(short[] revents) throws CgroupException;

    /** How soon to look again without a wake, in nanoseconds; by default only a wake or the timeout does. */
    protected long lookAgainNanos() {
        return Long.MAX_VALUE;
    }

    /** Closes the driver's descriptors; called once. */
    protected abstract void closeDescriptors();

    @Override
    public final List<CgroupEvent> await(Duration timeout) throws CgroupException {
        if (closed) {
            throw new IllegalStateException("the events of cgroup " + cgroup + " are closed");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a negative timeout: " + timeout);
        }
        if (removed) {
            return REMOVED;
        }
        long deadline = System.nanoTime() + (timeout.compareTo(Duration.ofNanos(FOREVER_NANOS)) > 0 ? FOREVER_NANOS
                : timeout.toNanos());
        while (true) {
            long wait = Math.min(Math.max(0, deadline - System.nanoTime()), lookAgainNanos());
            short[] revents;
            try {
                // Rounded up: a wait cut to whole milliseconds would spin through its last fraction.
                revents = Sys.poll((wait + 999_999) / 1_000_000, polled());
            } catch (SysException e) {
                throw new CgroupException(cgroup, "wait for events: " + e.getMessage(), e);
            }
            List<CgroupEvent> events = look(revents);
            if (!events.isEmpty() && events.getLast() instanceof CgroupEvent.Removed) {
                removed = true;
            }
            if (!events.isEmpty() || System.nanoTime() - deadline >= 0) {
                return events;
            }
        }
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            closeDescriptors();
        }
    }
}
