package io.hako.sys;

import io.hako.sys.internal.Native;
import io.hako.sys.internal.Nr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An inotify instance ({@code inotify(7)}): the kernel queues an event each time a watched file changes as a
 * watch asks. cgroup v2 files such as {@code memory.events} and {@code cgroup.events} report their changes as
 * {@link #IN_MODIFY}, which is how a cgroup's OOM kills are noticed without polling its files.
 *
 * <p>Close-on-exec and non-blocking: wait for it with {@link Sys#poll}, then {@link #read} what is queued.
 * Closing it removes every watch.
 */
public final class Inotify implements AutoCloseable {
    /** Asked for and reported: the file was written (a cgroup file whose values changed, for one). */
    public static final int IN_MODIFY = 0x2;
    /** Asked for and reported: the file's metadata changed (permissions, owner, timestamps, link count). */
    public static final int IN_ATTRIB = 0x4;
    /** Asked for and reported: an entry was made in the watched directory (a child cgroup, for one). */
    public static final int IN_CREATE = 0x100;
    /** Asked for and reported: an entry was removed from the watched directory. */
    public static final int IN_DELETE = 0x200;
    /** Asked for and reported: the watched file or directory itself was removed. */
    public static final int IN_DELETE_SELF = 0x400;
    /** Reported, not asked for: the queue overflowed and events were lost. */
    public static final int IN_Q_OVERFLOW = 0x4000;
    /** Reported, not asked for: the watch is gone (its file was deleted, or the watch removed). */
    public static final int IN_IGNORED = 0x8000;
    /** Asked for: watch the path only if it is a directory. */
    public static final int IN_ONLYDIR = 0x01000000;
    /** Reported: the subject of the event is a directory. */
    public static final int IN_ISDIR = 0x40000000;

    /** Room for many events, and at least one with the longest name (16 bytes of header, NAME_MAX + 1). */
    private static final int BUFFER_SIZE = 8192;
    private static final int HEADER = 16;

    private final Fd fd;

    private Inotify(Fd fd) {
        this.fd = fd;
    }

    /**
     * One queued event.
     *
     * @param watch the watch it concerns, as {@link #addWatch} returned it (-1 for {@link #IN_Q_OVERFLOW})
     * @param mask what happened ({@code IN_*} bits)
     * @param cookie ties the two halves of a rename together; 0 otherwise
     * @param name the entry's name when the watch is a directory and the event about an entry in it; "" otherwise
     */
    public record Event(int watch, int mask, int cookie, String name) {
        /**
         * {@return whether {@code bits} are all set in the mask}
         *
         * @param bits one or more {@code IN_*} bits
         */
        public boolean is(int bits) {
            return (mask & bits) == bits;
        }
    }

    /**
     * {@return a new instance with no watches, the caller's to close}
     *
     * @throws SysException if inotify_init1 fails (EMFILE past the user's limit of instances)
     */
    public static Inotify open() throws SysException {
        return new Inotify(Fd.adopt((int) Native.syscall("inotify_init1", Nr.INOTIFY_INIT1,
                Sys.O_NONBLOCK | Sys.O_CLOEXEC, 0, 0)));
    }

    /** {@return the descriptor, to poll} It stays this object's: {@link #close()} closes it. */
    public Fd fd() {
        return fd;
    }

    /**
     * Watches {@code path} for the events in {@code mask}.
     *
     * @param path the file or directory
     * @param mask the {@code IN_*} events asked for, with {@link #IN_ONLYDIR} or not
     * @return the watch's number, which its events carry (the same number for a path watched twice: the second
     *     mask replaces the first)
     * @throws SysException if inotify_add_watch fails, with the path (ENOENT, ENOSPC past the user's limit of
     *     watches)
     */
    public int addWatch(String path, int mask) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            return (int) Native.syscall("inotify_add_watch", Nr.INOTIFY_ADD_WATCH, fd.number(),
                    Sys.cstring(arena, path).address(), mask & 0xffffffffL, path);
        }
    }

    /**
     * Takes every event queued now, without waiting.
     *
     * @return the events, oldest first; empty when the queue is
     * @throws SysException if a read fails other than for an empty queue
     */
    public List<Event> read() throws SysException {
        List<Event> events = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(BUFFER_SIZE, 8);
            while (true) {
                long n;
                try {
                    n = Native.syscall("read(inotify)", Nr.READ, fd.number(), buffer.address(), BUFFER_SIZE);
                } catch (SysException e) {
                    if (e.errno() == Errno.EAGAIN) {
                        return events;
                    }
                    throw e;
                }
                events.addAll(decode(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE)));
            }
        }
    }

    /**
     * The events in what one read returned: each a {@code struct inotify_event} (wd, mask, cookie and len as 32-bit
     * integers in the machine's order), then {@code len} bytes of name padded with NULs. A pure function.
     */
    static List<Event> decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        List<Event> events = new ArrayList<>();
        while (in.remaining() >= HEADER) {
            int watch = in.getInt();
            int mask = in.getInt();
            int cookie = in.getInt();
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new IllegalArgumentException("an inotify event's name of " + Integer.toUnsignedString(length)
                        + " bytes runs past the " + bytes.length + " read");
            }
            int end = in.position();
            while (end < in.position() + length && bytes[end] != 0) {
                end++;
            }
            String name = new String(bytes, in.position(), end - in.position(), StandardCharsets.UTF_8);
            in.position(in.position() + length);
            events.add(new Event(watch, mask, cookie, name));
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " bytes after the last inotify event");
        }
        return events;
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "Inotify(" + fd + ")";
    }
}
