package io.hako.container.internal;

import static io.hako.container.internal.Lifecycle.failed;

import io.hako.container.ContainerException;
import io.hako.container.Stdio;
import io.hako.sys.Fd;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A container process's standard streams as its starter chose them ({@link Stdio}): the descriptors the stage
 * gets at 0, 1 and 2 (which the process inherits), and this JVM's ends of the pipes. The process's ends are
 * closed here once it has them, so that a pipe's reader sees its end when the container's processes are gone.
 */
public final class StandardStreams implements AutoCloseable {
    private static final String[] NAMES = {"stdin", "stdout", "stderr"};

    /** What the stage gets at 0-2; a stream not among them is the launcher's caller's own. */
    private final Map<Integer, Fd> forProcess = new HashMap<>();
    /** The descriptors of {@link #forProcess} that were opened here (a caller's own are only borrowed). */
    private final List<Fd> openedForProcess = new ArrayList<>();
    /** This JVM's ends, by stream number; null where the stream is not a pipe. */
    private final Fd[] ours = new Fd[3];
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;

    private StandardStreams(String id, Stdio[] choices) throws ContainerException {
        try {
            for (int stream = 0; stream < 3; stream++) {
                open(id, stream, Objects.requireNonNull(choices[stream], NAMES[stream]));
            }
        } catch (ContainerException | RuntimeException e) {
            close();
            throw e;
        }
        stdin = ours[0] == null ? null : new PipeOutput(ours[0]);
        stdout = ours[1] == null ? null : new PipeInput(ours[1]);
        stderr = ours[2] == null ? null : new PipeInput(ours[2]);
    }

    /** Opens what {@code stdin}, {@code stdout} and {@code stderr} ask for, for container {@code id}. */
    public static StandardStreams open(String id, Stdio stdin, Stdio stdout, Stdio stderr) throws ContainerException {
        return new StandardStreams(id, new Stdio[] {stdin, stdout, stderr});
    }

    private void open(String id, int stream, Stdio choice) throws ContainerException {
        try {
            if (choice instanceof Stdio.Pipe) {
                Fd[] pipe = Sys.pipe(); // close-on-exec: only the copies at 0-2 reach the process
                boolean input = stream == 0;
                ours[stream] = input ? pipe[1] : pipe[0];
                opened(stream, input ? pipe[0] : pipe[1]);
            } else if (choice instanceof Stdio.Discard) {
                opened(stream, Sys.open("/dev/null", stream == 0 ? Sys.O_RDONLY : Sys.O_WRONLY, 0));
            } else if (choice instanceof Stdio.File file) {
                int flags = stream == 0 ? Sys.O_RDONLY : Sys.O_WRONLY | Sys.O_CREAT | Sys.O_TRUNC;
                opened(stream, Sys.open(file.path().toAbsolutePath().toString(), flags | Sys.O_NOCTTY, 0644));
            } else if (choice instanceof Stdio.Descriptor descriptor) {
                if (!descriptor.fd().isOpen()) {
                    throw failed(id, NAMES[stream] + ": the descriptor given is closed");
                }
                forProcess.put(stream, descriptor.fd());
            }
        } catch (SysException e) {
            throw failed(id, NAMES[stream] + ": " + e.getMessage(), e);
        }
    }

    private void opened(int stream, Fd fd) {
        openedForProcess.add(fd);
        forProcess.put(stream, fd);
    }

    /** The descriptors to give the stage at 0-2: borrowed, closed by {@link #processStarted()}. */
    public Map<Integer, Fd> forProcess() {
        return Map.copyOf(forProcess);
    }

    /** The process has its copies: closes this JVM's copies of the process's ends. */
    public void processStarted() {
        openedForProcess.forEach(Fd::close);
        openedForProcess.clear();
        forProcess.clear();
    }

    /** The pipe to the process's stdin, or null when stdin is not a pipe. */
    public OutputStream stdin() {
        return stdin;
    }

    /** The pipe from the process's stdout, or null when stdout is not a pipe. */
    public InputStream stdout() {
        return stdout;
    }

    /** The pipe from the process's stderr, or null when stderr is not a pipe. */
    public InputStream stderr() {
        return stderr;
    }

    /** Closes every descriptor left open here, this JVM's pipe ends included. */
    @Override
    public void close() {
        processStarted();
        for (Fd fd : ours) {
            if (fd != null) {
                fd.close();
            }
        }
    }

    /** Reads a pipe's end through read(2): what a container writes, with an end of file once all writers are gone. */
    private static final class PipeInput extends InputStream {
        private final Fd fd;

        PipeInput(Fd fd) {
            this.fd = fd;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (length == 0) {
                return 0;
            }
            byte[] into = offset == 0 && length == buffer.length ? buffer : new byte[length];
            int n;
            try {
                n = Sys.read(fd, into);
            } catch (SysException e) {
                throw new IOException(e.getMessage(), e);
            } catch (IllegalStateException e) {
                throw closed(e);
            }
            if (into != buffer) {
                System.arraycopy(into, 0, buffer, offset, n);
            }
            return n == 0 ? -1 : n;
        }

        @Override
        public void close() {
            fd.close();
        }
    }

    /** Writes a pipe's end through write(2); a process that has closed its stdin makes writes fail (EPIPE). */
    private static final class PipeOutput extends OutputStream {
        private final Fd fd;

        PipeOutput(Fd fd) {
            this.fd = fd;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            try {
                Sys.writeFully(fd, Arrays.copyOfRange(buffer, offset, offset + length));
            } catch (SysException e) {
                throw new IOException(e.errnoName().equals("EPIPE") ? "the process has closed its stdin"
                        : e.getMessage(), e);
            } catch (IllegalStateException e) {
                throw closed(e);
            }
        }

        /** Closing is the process's end of file. */
        @Override
        public void close() {
            fd.close();
        }
    }

    /** A stream used after it was closed (its descriptor's number is gone): the JDK's words for it. */
    private static IOException closed(IllegalStateException cause) {
        return new IOException("Stream closed", cause);
    }
}
