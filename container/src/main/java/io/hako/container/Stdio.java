package io.hako.container;

import io.hako.sys.Fd;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one of a container process's standard streams (stdin, stdout or stderr) goes, chosen by whoever starts it
 * through a {@link ContainerBuilder} or {@link Container#exec}: as {@link ProcessBuilder.Redirect} is for a
 * {@link ProcessBuilder}. The process gets the choice at 0, 1 or 2 and nothing else of this JVM's.
 */
public sealed interface Stdio {
    /**
     * The stream of the process that starts the container's processes: this JVM's own, or, with a
     * {@link ProcessLauncher} that starts them elsewhere, that launcher's caller's. What a container created
     * without a choice gets.
     */
    record Inherit() implements Stdio {}

    /**
     * A pipe between the process and this JVM: the handle gives its other end, an {@link java.io.OutputStream} for
     * stdin, an {@link java.io.InputStream} for stdout and stderr. As with {@link java.lang.Process}, a process
     * whose output is not read stops once the pipe's buffer is full.
     */
    record Pipe() implements Stdio {}

    /** {@code /dev/null}: output is dropped, input is empty. */
    record Discard() implements Stdio {}

    /**
     * A file, opened when the process is created: read for stdin; for stdout and stderr, written from its start,
     * made (mode 0644) when missing and emptied when there.
     *
     * @param path the file
     */
    record File(Path path) implements Stdio {
        /** Checks that there is a path. */
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * An open descriptor of the caller's, which the process gets a copy of; it stays the caller's, to close when it
     * likes once the process is created.
     *
     * @param fd the descriptor
     */
    record Descriptor(Fd fd) implements Stdio {
        /** Checks that there is a descriptor. */
        public Descriptor {
            Objects.requireNonNull(fd, "fd");
        }
    }

    /** {@return the caller's own stream (see {@link Inherit})} */
    static Stdio inherit() {
        return new Inherit();
    }

    /** {@return a pipe to this JVM (see {@link Pipe})} */
    static Stdio pipe() {
        return new Pipe();
    }

    /** {@return {@code /dev/null} (see {@link Discard})} */
    static Stdio discard() {
        return new Discard();
    }

    /**
     * {@return the file at {@code path} (see {@link File})}
     *
     * @param path the file; a relative one is resolved against this JVM's working directory when opened
     */
    static Stdio file(Path path) {
        return new File(path);
    }

    /**
     * {@return a copy of the caller's open descriptor {@code fd} (see {@link Descriptor})}
     *
     * @param fd the descriptor, still the caller's
     */
    static Stdio of(Fd fd) {
        return new Descriptor(fd);
    }
}
