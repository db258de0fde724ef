package io.hako.checkpoint;

import io.hako.checkpoint.internal.CriuCheckCache;
import io.hako.checkpoint.internal.CriuDriver;
import io.hako.checkpoint.internal.CriuException;
import io.hako.container.ContainerException;
import io.hako.container.ContainerException.Kind;
import io.hako.container.ContainerInfo;
import io.hako.container.internal.Checkpointing;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Checkpoint and restore of the containers under a state root, through CRIU: runc's {@code checkpoint} and
 * {@code restore}. The containers are those of {@code io.hako.container.Containers} on the same root.
 *
 * <p>A checkpoint dumps a running container's processes into image files with CRIU; unless it leaves the container
 * running, CRIU stops them and the container is deleted. A restore makes a new container from a bundle and the
 * images: its state and cgroup as create makes them, its processes CRIU's, their standard streams this process's
 * where they were pipes. A failed checkpoint leaves the container running; a failed restore leaves nothing.
 */
public final class Checkpoints {
    private final Checkpointing lifecycle;
    private final String criu;

    private Checkpoints(Path root, String criu, Consumer<String> warnings) {
        this.lifecycle = new Checkpointing(root, warnings);
        this.criu = criu;
    }

    /**
     * The containers under {@code root}, checkpointed and restored with the CRIU named.
     *
     * @param root the state root ({@code --root})
     * @param criu CRIU's executable: a path, or a name looked for in {@code PATH} (then {@code /usr/sbin},
     *     {@code /sbin}), as {@code --criu} gives it ({@code criu} by default)
     * @param warnings where warnings go
     * @return the containers
     */
    public static Checkpoints open(Path root, String criu, Consumer<String> warnings) {
        return new Checkpoints(root, criu, warnings);
    }

    /**
     * Whether checkpoint and restore work on this host: CRIU's version and its own check, asked through its RPC.
     *
     * @param criu CRIU's executable, as for {@link #open}
     * @return CRIU's answer, with its reason when it does not work (or why CRIU could not be run)
     */
    public static CriuCheck check(String criu) {
        return CriuDriver.check(criu);
    }

    /**
     * {@link #check(String)}, its answer kept in {@code cacheDirectory} for as long as the CRIU binary, the kernel
     * (this boot) and the caller's uid stay the same: asking CRIU takes a tenth of a second or more.
     *
     * @param criu CRIU's executable, as for {@link #open}
     * @param cacheDirectory where the answer is kept (made when missing); a cache that cannot be written is no error
     * @return CRIU's answer, as {@link #check(String)} gives it
     */
    public static CriuCheck check(String criu, Path cacheDirectory) {
        return CriuCheckCache.cachedOrChecked(criu, cacheDirectory, () -> CriuDriver.check(criu));
    }

    /**
     * Checkpoints a running container, or pre-dumps its memory (then it goes on running).
     *
     * @param id the container
     * @param options where the images and CRIU's log go; whether it goes on running; a pre-dump, the parent
     *     images; CRIU's settings
     * @throws ContainerException when it does not exist or is not running ({@code container not running}), or the
     *     dump fails: then with CRIU's reason and its log's path, and the container still running
     */
    public void checkpoint(String id, CheckpointOptions options) throws ContainerException {
        checkpoint(id, options, () -> { });
    }

    /**
     * {@link #checkpoint(String, CheckpointOptions)}, told when a lazy migration's page server listens
     * ({@link CriuSettings#lazyPages()}): the restoring side may start its {@code criu lazy-pages} daemon then.
     * The call returns once the restoring side has all the memory.
     *
     * @param id the container
     * @param options as for {@link #checkpoint(String, CheckpointOptions)}
     * @param serving runs once the page server listens (runc writes {@code \0} to its {@code --status-fd})
     * @throws ContainerException as {@link #checkpoint(String, CheckpointOptions)}
     */
    public void checkpoint(String id, CheckpointOptions options, Runnable serving) throws ContainerException {
        CriuDriver driver = driver(id);
        lifecycle.checkpoint(id, options.leaveRunning() || options.preDump(), container -> {
            try {
                driver.dump(container, options, serving);
            } catch (CriuException e) {
                throw new ContainerException(Kind.FAILED, id, e.getMessage(), e);
            }
        });
    }

    /**
     * Restores a container from a checkpoint's images.
     *
     * @param id the new container's id, which must be free
     * @param bundle its bundle (the configuration and root filesystem of the checkpointed container, or alike)
     * @param options the images, CRIU's log, the pid file and cgroup choices
     * @return the restored container, running
     * @throws ContainerException when the id is taken, the bundle is wrong or the restore fails: then with CRIU's
     *     reason, and nothing of the container left
     */
    public ContainerInfo restore(String id, Path bundle, RestoreOptions options) throws ContainerException {
        CriuDriver driver = driver(id);
        Checkpointing.Restore restore = (spec, absolute, rootfs, directory, cgroup, namespacesReady) -> {
            try {
                return driver.restore(spec, absolute, rootfs, directory, cgroup, options, namespacesReady);
            } catch (CriuException e) {
                throw new ContainerException(Kind.FAILED, id, e.getMessage(), e);
            }
        };
        return lifecycle.restore(id, bundle, options.create(), restore);
    }

    /**
     * Restores a container in the foreground, as runc's {@code restore} without {@code --detach}: stays with the
     * restored init until it exits, then deletes the container. The init's standard streams are this process's
     * where they were pipes; a terminal's new master goes to the console socket, which is needed here too.
     *
     * @param id the new container's id, which must be free
     * @param bundle its bundle
     * @param options the images, CRIU's log, the pid file and cgroup choices
     * @return the init's exit status, 128 + N when signal N ended it
     * @throws ContainerException as {@link #restore}, or when the init cannot be waited for
     */
    public int restoreAndWait(String id, Path bundle, RestoreOptions options) throws ContainerException {
        ContainerInfo restored = restore(id, bundle, options);
        return lifecycle.awaitExitAndDelete(id, restored.pid());
    }

    private CriuDriver driver(String id) throws ContainerException {
        try {
            return new CriuDriver(criu);
        } catch (CriuException e) {
            throw new ContainerException(Kind.FAILED, id, e.getMessage(), e);
        }
    }
}
