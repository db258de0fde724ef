package io.hako.container.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exec fifo, by which {@code start} releases a created container's init: the init blocks opening it for
 * writing until a reader comes, writes one byte, and goes on to exec the process.
 *
 * <p>Plain java.nio, no FFM: {@code start} then links no native code. The reader opens the fifo read-write,
 * which on Linux never blocks, so an init that has died cannot hang the open; a watcher thread covers the read:
 * when the init dies before it wrote, the watcher writes a byte of its own, which the reader tells apart.
 */
final class ExecFifo {
    /** What the init writes (run.c, op_wait_start). */
    private static final byte RELEASED = '0';
    private static final byte INIT_GONE = 'x';

    private ExecFifo() {}

    /**
     * Releases the init {@code pid} that started at {@code startTime}; returns false when it exited before it
     * could be released. With {@code untilExec}, returns only once the init has exec'd the container's process
     * (or died): it keeps its end of the fifo open, close-on-exec, until then.
     */
    static boolean release(Path fifo, int pid, long startTime, boolean untilExec) throws IOException {
        Object guard = new Object();
        boolean[] finished = {false};
        try (FileChannel reader = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Thread watcher = Thread.ofPlatform().daemon().name("exec-fifo-watcher").start(() -> {
                try {
                    while (ProcStat.isRunning(pid, startTime)) {
                        Thread.sleep(5);
                        synchronized (guard) {
                            if (finished[0]) {
                                return;
                            }
                        }
                    }
                    synchronized (guard) {
                        // Only while the reader is open: with no reader, opening a fifo to write would block.
                        if (!finished[0]) {
                            try (OutputStream out = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
                                out.write(INIT_GONE);
                            }
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    // The reader is then left to the init; it wrote, or this could not tell.
                }
            });
            ByteBuffer buffer = ByteBuffer.allocate(1);
            try {
                while (buffer.hasRemaining()) {
                    if (reader.read(buffer) < 0) {
                        return false;
                    }
                }
            } finally {
                synchronized (guard) {
                    finished[0] = true;
                }
                watcher.interrupt();
            }
            if (buffer.get(0) != RELEASED) {
                return false;
            }
            if (untilExec) {
                // A second, read-only end opens at once (this process's read-write one is a writer); once that
                // one is closed, the only writer left is the init's, and end-of-file is its exec.
                try (FileChannel end = FileChannel.open(fifo, StandardOpenOption.READ)) {
                    reader.close();
                    ByteBuffer rest = ByteBuffer.allocate(16);
                    while (end.read(rest) >= 0) {
                        rest.clear();
                    }
                }
            }
            return true;
        }
    }
}
