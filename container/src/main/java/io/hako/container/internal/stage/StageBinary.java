package io.hako.container.internal.stage;

import io.hako.sys.Fd;
import io.hako.sys.Memfd;
import io.hako.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The native stage, built by the Maven build from {@code container/src/main/c} and packaged in this jar. It is
 * run from a sealed memfd, never from a file on the host: a container that gets hold of
 * {@code /proc/<pid>/exe} finds nothing it can overwrite (CVE-2019-5736).
 */
public final class StageBinary {
    /** The resource, beside this class. */
    static final String RESOURCE = "hako-stage";

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

    /** A sealed, close-on-exec memfd holding the stage, ready to be executed as {@code /proc/self/fd/N}. */
    public static Fd sealedCopy() throws SysException {
        return Memfd.sealed("hako-stage", bytes());
    }
}
