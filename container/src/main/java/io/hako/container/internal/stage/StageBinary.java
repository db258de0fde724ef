package io.hako.container.internal.stage;

import io.hako.sys.Fd;
import io.hako.sys.Memfd;
import io.hako.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The native stage, built by the Maven build from {@code container/src/main/c} and packaged in this jar. It is
 * run from a sealed memfd, never from a file on the host: a container that gets hold of
 * {@code /proc/<pid>/exe} finds nothing it can overwrite (CVE-2019-5736).
 */
public final class StageBinary {
    /** The resource, beside this class. */
    static final String RESOURCE = "hako-stage";

    /** The sealed memfd's name: a process whose {@code /proc/<pid>/exe} is {@code /memfd:hako-stage} runs the stage. */
    public static final String MEMFD_NAME = "hako-stage";

    private StageBinary() {}

    /** The stage's bytes. */
    public static byte[] bytes() {
        try (InputStream in = StageBinary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the native stage is missing from the hako-container jar ("
                        + RESOURCE + "): the build did not compile container/src/main/c");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("read the native stage from the jar", e);
        }
    }

    /**
     * The sealed copy, made once per JVM: sealed, it cannot change, so every spawn may run the same one. A failed
     * attempt is forgotten, so that the next spawn tries again.
     */
    private static final AtomicReference<FutureTask<Fd>> SHARED = new AtomicReference<>(newCopy());

    private static FutureTask<Fd> newCopy() {
        return new FutureTask<>(() -> Memfd.sealed(MEMFD_NAME, bytes()));
    }

    /**
     * The sealed, close-on-exec memfd holding the stage, ready to be executed as {@code /proc/<pid>/fd/N}. It
     * belongs to this class: callers must not close it.
     */
    public static Fd sealedCopy() throws SysException {
        FutureTask<Fd> task = SHARED.get();
        task.run(); // does nothing when it ran or runs elsewhere
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    SHARED.compareAndSet(task, newCopy());
                    if (e.getCause() instanceof SysException failure) {
                        throw failure;
                    }
                    if (e.getCause() instanceof RuntimeException failure) {
                        throw failure;
                    }
                    throw new IllegalStateException("copy the native stage", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
