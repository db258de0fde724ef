package io.hako.sys;

import io.hako.sys.internal.Native;
import io.hako.sys.internal.Nr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * One end of a {@code SOCK_SEQPACKET} unix socket pair: messages keep their boundaries, and descriptors travel
 * with them ({@code SCM_RIGHTS}). main and the native stage talk over such a pair. Also a stream socket (the
 * console socket) or a datagram one (sd_notify), by path.
 */
public final class UnixSocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int MSG_TRUNC = 0x20;
    private static final int MSG_CTRUNC = 0x8;
    /** The most descriptors one message carries: the kernel's limit (SCM_MAX_FD). */
    public static final int MAX_FDS = 253;

    private final Fd fd;

    private UnixSocket(Fd fd) {
        this.fd = fd;
    }

    /**
     * A connected {@code SOCK_SEQPACKET} pair, both ends close-on-exec.
     *
     * @return the two ends, the caller's to close
     * @throws SysException if socketpair fails (EMFILE, ENFILE)
     */
    public static UnixSocket[] pair() throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sv = arena.allocate(ValueLayout.JAVA_INT, 2);
            Native.syscall("socketpair", Nr.SOCKETPAIR, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv.address(), 0, 0);
            return new UnixSocket[] {
                new UnixSocket(Fd.adopt(sv.getAtIndex(ValueLayout.JAVA_INT, 0))),
                new UnixSocket(Fd.adopt(sv.getAtIndex(ValueLayout.JAVA_INT, 1)))
            };
        }
    }

    private static final int SOCK_STREAM = 1;

    /**
     * Connects a stream socket to the unix socket at {@code path}: how the pty master reaches an engine's
     * {@code --console-socket}.
     *
     * @param path the socket's path, at most 107 bytes, or {@code @name} in the abstract namespace
     * @return the connected socket, the caller's to close
     * @throws SysException if socket or connect fails, with the path (ENOENT, ECONNREFUSED when nothing listens)
     */
    public static UnixSocket connect(String path) throws SysException {
        Fd fd = Fd.adopt((int) Native.syscall("socket", Nr.SOCKET, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, path));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = address(arena, path);
            Native.syscall("connect", Nr.CONNECT, fd.number(), address.address(), address.byteSize(), path);
            return new UnixSocket(fd);
        } catch (SysException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * A stream socket listening at {@code path}, with a backlog of 4.
     *
     * @param path where to bind it, at most 107 bytes; nothing may exist there, or {@code @name} in the abstract
     *     namespace
     * @return the listening socket, the caller's to close (and the socket file the caller's to remove)
     * @throws SysException if socket, bind or listen fails, with the path (EADDRINUSE if something is there)
     */
    public static UnixSocket listen(String path) throws SysException {
        Fd fd = Fd.adopt((int) Native.syscall("socket", Nr.SOCKET, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, path));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = address(arena, path);
            Native.syscall("bind", Nr.BIND, fd.number(), address.address(), address.byteSize(), path);
            Native.syscall("listen", Nr.LISTEN, fd.number(), 4, 0, path);
            return new UnixSocket(fd);
        } catch (SysException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    private static final int SOCK_DGRAM = 2;

    /**
     * A datagram socket bound at {@code path} (which must not exist): what receives sd_notify messages. A path
     * starting with {@code @} names a socket in the abstract namespace, as systemd and Go write it.
     *
     * @param path where to bind it, at most 107 bytes
     * @return the bound socket, the caller's to close (and the socket file the caller's to remove)
     * @throws SysException if socket or bind fails, with the path (EADDRINUSE if something is there)
     */
    public static UnixSocket bindDatagram(String path) throws SysException {
        Fd fd = Fd.adopt((int) Native.syscall("socket", Nr.SOCKET, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, path));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = address(arena, path);
            Native.syscall("bind", Nr.BIND, fd.number(), address.address(), address.byteSize(), path);
            return new UnixSocket(fd);
        } catch (SysException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * A datagram socket connected to {@code path}: sd_notify's sender.
     *
     * @param path the receiver's socket, at most 107 bytes, or {@code @name} in the abstract namespace
     * @return the connected socket, the caller's to close
     * @throws SysException if socket or connect fails, with the path (ENOENT, ECONNREFUSED)
     */
    public static UnixSocket connectDatagram(String path) throws SysException {
        Fd fd = Fd.adopt((int) Native.syscall("socket", Nr.SOCKET, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, path));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = address(arena, path);
            Native.syscall("connect", Nr.CONNECT, fd.number(), address.address(), address.byteSize(), path);
            return new UnixSocket(fd);
        } catch (SysException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * A {@code SOCK_SEQPACKET} socket listening at {@code path} (which must not exist): connections keep message
     * boundaries and carry descriptors, as the resident hako's calls do.
     *
     * @param path where to bind it, at most 107 bytes, or {@code @name} in the abstract namespace
     * @param backlog how many connections may wait to be accepted
     * @return the listening socket, the caller's to close (and the socket file the caller's to remove)
     * @throws SysException if socket, bind or listen fails, with the path (EADDRINUSE if something is there)
     */
    public static UnixSocket listenMessages(String path, int backlog) throws SysException {
        Fd fd = Fd.adopt((int) Native.syscall("socket", Nr.SOCKET, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, path));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = address(arena, path);
            Native.syscall("bind", Nr.BIND, fd.number(), address.address(), address.byteSize(), path);
            Native.syscall("listen", Nr.LISTEN, fd.number(), backlog, 0, path);
            return new UnixSocket(fd);
        } catch (SysException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * Connects a {@code SOCK_SEQPACKET} socket to {@code path}.
     *
     * @param path the listener's socket, at most 107 bytes, or {@code @name} in the abstract namespace
     * @return the connected socket, the caller's to close
     * @throws SysException if socket or connect fails, with the path (ENOENT, ECONNREFUSED when nothing listens)
     */
    public static UnixSocket connectMessages(String path) throws SysException {
        Fd fd = Fd.adopt((int) Native.syscall("socket", Nr.SOCKET, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, path));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = address(arena, path);
            Native.syscall("connect", Nr.CONNECT, fd.number(), address.address(), address.byteSize(), path);
            return new UnixSocket(fd);
        } catch (SysException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * Who is at the other end of a connected socket, as the kernel saw it connect ({@code SO_PEERCRED}).
     *
     * @param pid the peer's pid, in this process's pid namespace; 0 when it has none there
     * @param uid the peer's effective uid, in this process's user namespace
     * @param gid the peer's effective gid, in this process's user namespace
     */
    public record Credentials(int pid, int uid, int gid) {}

    private static final int SO_PEERCRED = 17;

    /**
     * {@return the peer's credentials ({@code SO_PEERCRED}): its pid in this pid namespace, its uid and gid}
     *
     * @throws SysException if getsockopt fails (ENOTCONN on a socket not connected)
     */
    public Credentials peer() throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ucred = arena.allocate(12, 4);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, 12);
            Native.syscall("getsockopt", Nr.GETSOCKOPT, fd.number(), SOL_SOCKET, SO_PEERCRED, ucred.address(),
                    length.address(), 0, "SO_PEERCRED");
            return new Credentials(ucred.get(ValueLayout.JAVA_INT, 0), ucred.get(ValueLayout.JAVA_INT, 4),
                    ucred.get(ValueLayout.JAVA_INT, 8));
        }
    }

    /**
     * Accepts one connection on a listening socket, waiting for one.
     *
     * @return the connection, close-on-exec, the caller's to close
     * @throws SysException if accept4 fails
     */
    public UnixSocket accept() throws SysException {
        return new UnixSocket(Fd.adopt((int) Native.syscall("accept4", Nr.ACCEPT4, fd.number(), 0, 0,
                SOCK_CLOEXEC, 0, 0)));
    }

    /**
     * A {@code sockaddr_un} for {@code path}: family, then the path NUL-terminated in 108 bytes; for an abstract
     * name ({@code @name}), a NUL and the name, the address exactly as long as the name.
     */
    private static MemorySegment address(Arena arena, String path) {
        byte[] bytes = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length >= 108 || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a unix socket path (at most 107 bytes, no NUL): " + path);
        }
        if (path.startsWith("@")) {
            MemorySegment address = arena.allocate(2 + bytes.length, 2);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(bytes, 1, address, ValueLayout.JAVA_BYTE, 3, bytes.length - 1);
            return address; // byte 2, the abstract namespace's NUL, is zero already
        }
        MemorySegment address = arena.allocate(110, 2);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(bytes, 0, address, ValueLayout.JAVA_BYTE, 2, bytes.length);
        return address;
    }

    /**
     * Adopts a connected socket descriptor, one received or inherited.
     *
     * @param fd the descriptor, whose ownership passes to the socket
     * @return the socket, which closes {@code fd}
     */
    public static UnixSocket adopt(Fd fd) {
        return new UnixSocket(fd);
    }

    /** {@return the descriptor, to poll} It stays this object's: {@link #close()} closes it. */
    public Fd fd() {
        return fd;
    }

    /**
     * Sends one message with {@code fds} attached, waiting while the socket's buffer is full.
     *
     * @param data the message's bytes
     * @param fds at most {@link #MAX_FDS} descriptors, which stay open here; the receiver gets copies
     * @throws SysException if sendmsg fails (EPIPE once the peer closed its end)
     */
    public void send(byte[] data, Fd... fds) throws SysException {
        if (fds.length > MAX_FDS) {
            throw new IllegalArgumentException("at most " + MAX_FDS + " descriptors per message");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buffer, ValueLayout.JAVA_BYTE, 0, data.length);
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(ValueLayout.JAVA_LONG, 0, buffer.address());
            iov.set(ValueLayout.JAVA_LONG, 8, data.length);
            MemorySegment msg = arena.allocate(56, 8);
            msg.set(ValueLayout.JAVA_LONG, 16, iov.address());
            msg.set(ValueLayout.JAVA_LONG, 24, 1);
            if (fds.length > 0) {
                long space = controlSpace(fds.length);
                MemorySegment control = arena.allocate(space, 8);
                control.set(ValueLayout.JAVA_LONG, 0, 16 + 4L * fds.length);
                control.set(ValueLayout.JAVA_INT, 8, SOL_SOCKET);
                control.set(ValueLayout.JAVA_INT, 12, SCM_RIGHTS);
                for (int i = 0; i < fds.length; i++) {
                    control.set(ValueLayout.JAVA_INT, 16 + 4L * i, fds[i].number());
                }
                msg.set(ValueLayout.JAVA_LONG, 32, control.address());
                msg.set(ValueLayout.JAVA_LONG, 40, space);
            }
            Native.syscall("sendmsg", Nr.SENDMSG, fd.number(), msg.address(), 0);
        }
    }

    /**
     * A received message: its bytes and the descriptors that came with it, now owned by the receiver.
     *
     * @param data the message's bytes
     * @param fds the descriptors, close-on-exec, in the order they were sent; the receiver closes them
     */
    public record Message(byte[] data, List<Fd> fds) {
        /**
         * Keeps a copy of the list of descriptors.
         *
         * @param data the message's bytes
         * @param fds the descriptors
         */
        public Message {
            fds = List.copyOf(fds);
        }
    }

    /**
     * Receives one message of at most {@code maxBytes}. Zero bytes and no descriptors means the peer closed its
     * end. A message longer than {@code maxBytes} is an error, never silently cut.
     *
     * @param maxBytes the longest message expected
     * @return the message and the descriptors that came with it; waits until one comes
     * @throws SysException if recvmsg fails, or with EMSGSIZE when the message (or its descriptors) did not fit;
     *     then the descriptors received are closed
     */
    public Message receive(int maxBytes) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(Math.max(1, maxBytes));
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(ValueLayout.JAVA_LONG, 0, buffer.address());
            iov.set(ValueLayout.JAVA_LONG, 8, maxBytes);
            long space = controlSpace(MAX_FDS);
            MemorySegment control = arena.allocate(space, 8);
            MemorySegment msg = arena.allocate(56, 8);
            msg.set(ValueLayout.JAVA_LONG, 16, iov.address());
            msg.set(ValueLayout.JAVA_LONG, 24, 1);
            msg.set(ValueLayout.JAVA_LONG, 32, control.address());
            msg.set(ValueLayout.JAVA_LONG, 40, space);
            int n = (int) Native.syscall("recvmsg", Nr.RECVMSG, fd.number(), msg.address(), MSG_CMSG_CLOEXEC);

            List<Fd> received = new ArrayList<>();
            long controlLength = msg.get(ValueLayout.JAVA_LONG, 40);
            long offset = 0;
            while (offset + 16 <= controlLength) {
                long length = control.get(ValueLayout.JAVA_LONG, offset);
                if (length < 16) {
                    break;
                }
                if (control.get(ValueLayout.JAVA_INT, offset + 8) == SOL_SOCKET
                        && control.get(ValueLayout.JAVA_INT, offset + 12) == SCM_RIGHTS) {
                    for (long p = offset + 16; p + 4 <= offset + length; p += 4) {
                        received.add(Fd.adopt(control.get(ValueLayout.JAVA_INT, p)));
                    }
                }
                offset += (length + 7) & ~7L;
            }
            int flags = msg.get(ValueLayout.JAVA_INT, 48);
            if ((flags & (MSG_TRUNC | MSG_CTRUNC)) != 0) {
                received.forEach(Fd::close);
                throw new SysException("recvmsg", 90 /* EMSGSIZE */, "message longer than " + maxBytes + " bytes");
            }
            byte[] data = new byte[n];
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, data, 0, n);
            return new Message(data, received);
        }
    }

    private static long controlSpace(int fds) {
        return 16 + ((4L * fds + 7) & ~7L);
    }

    @Override
    public void close() {
        fd.close();
    }
}
