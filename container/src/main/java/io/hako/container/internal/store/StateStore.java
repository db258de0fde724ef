package io.hako.container.internal.store;

import io.hako.container.ContainerException;
import io.hako.container.ContainerException.Kind;
import io.hako.container.Status;
import io.hako.oci.DocumentException;
import io.hako.oci.OciJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The containers under a root directory ({@code --root}, default {@code /run/hako}): one directory per
 * container holding {@code state.json}, the {@code lock} file, until started {@code exec.fifo}, and for a
 * container made from a spec in memory its bundle ({@code bundle/config.json}); and {@code @cache}, what hako
 * keeps between calls, under a name no container id can have.
 *
 * <p>Writes are atomic (a temporary file, fsync, rename, fsync of the directory), so a reader sees the old
 * state or the new one, never half of one. Commands that change a container hold its {@link #lock lock}.
 * Creating the directory is what claims an id: of two concurrent creates, exactly one wins.
 */
public final class StateStore {
    static final String STATE_FILE = "state.json";
    static final String EXEC_FIFO = "exec.fifo";
    /** Present while hako has paused the container: only then is its cgroup's freezer asked. */
    static final String PAUSED_MARK = "paused";
    static final String LOCK_FILE = "lock";
    /** The configuration the container was made with, for exec (runc keeps it in its state file). */
    static final String CONFIG_FILE = "config.json";
    /** What hako keeps between calls (compiled seccomp filters): a name no container id can have. */
    public static final String CACHE = "@cache";
    /** Record locks belong to the process, so threads of this one are kept apart first (one entry per id ever locked). */
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();
    /** runc's rule for ids: letters, digits, and {@code _ + - .}, not {@code .} or {@code ..}. */
    private static final Pattern ID = Pattern.compile("[\\w+.-]+");

    private final Path root;

    public StateStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Refuses ids that are not safe as a directory name, with runc's message. */
    public static void checkId(String id) throws ContainerException {
        if (id == null || !ID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
            throw new ContainerException(Kind.INVALID_ID, id, String.valueOf(id));
        }
    }

    public Path directory(String id) {
        return root.resolve(id);
    }

    /** The mark {@code pause} leaves and {@code resume} removes. */
    public Path pausedMark(String id) {
        return directory(id).resolve(PAUSED_MARK);
    }

    public Path execFifo(String id) {
        return directory(id).resolve(EXEC_FIFO);
    }

    /**
     * Claims {@code id}: makes its directory (mode 0700) and returns it. Fails with {@link Kind#EXISTS} if the
     * id is taken, even by a create still in progress.
     */
    public Path claim(String id) throws ContainerException, IOException {
        checkId(id);
        Files.createDirectories(root);
        Path dir = directory(id);
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            throw new ContainerException(Kind.EXISTS, id, id);
        }
        return dir;
    }

    /** Where the configuration the container was made with is kept ({@link ConfigCopy}). */
    public Path configFile(String id) throws ContainerException {
        checkId(id);
        return directory(id).resolve(CONFIG_FILE);
    }

    /** Writes the state atomically. The container's directory must exist (see {@link #claim}). */
    public void save(SavedState state) throws IOException {
        Path dir = directory(state.id());
        Path temporary = dir.resolve(STATE_FILE + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(OciJson.write(state)));
            out.force(true);
        } catch (IOException e) {
            throw naming(temporary, e);
        }
        Files.move(temporary, dir.resolve(STATE_FILE), StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    /**
     * {@code e} with the file it is about: a write or a sync that fails (ENOSPC, EIO) throws an exception that
     * names none, and a user is told "no space left on device" without where.
     */
    static IOException naming(Path file, IOException e) {
        if (e instanceof java.nio.file.FileSystemException named && named.getFile() != null) {
            return e;
        }
        var withFile = new java.nio.file.FileSystemException(file.toString(), null, e.getMessage());
        withFile.initCause(e);
        return withFile;
    }

    /**
     * The saved state of {@code id}. Empty when there is no such container; a directory without a state file
     * (a create that is still running, or one that died) is reported as {@link Kind#NOT_FOUND} too, with the
     * directory left for {@code delete} to clean.
     */
    public Optional<SavedState> load(String id) throws ContainerException, IOException {
        checkId(id);
        byte[] json;
        try {
            json = Files.readAllBytes(directory(id).resolve(STATE_FILE));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(OciJson.read(json, SavedState.class));
        } catch (DocumentException e) {
            throw new ContainerException(Kind.FAILED, id,
                    "state of container " + id + " is corrupt: " + directory(id).resolve(STATE_FILE) + ": "
                            + e.getMessage());
        }
    }

    /** Like {@link #load} but a missing container is {@link Kind#NOT_FOUND}. */
    public SavedState require(String id) throws ContainerException, IOException {
        return load(id).orElseThrow(() -> new ContainerException(Kind.NOT_FOUND, id));
    }

    /**
     * The status of a saved container, derived now. A create that has not finished is {@link Status#CREATING} while
     * its creator holds the container's lock, and {@link Status#STOPPED} once it has died (what it left is for
     * delete to remove, never for start).
     */
    public Status status(SavedState state) throws IOException {
        if (state.unfinished()) {
            return lockedElsewhere(state.id()) ? Status.CREATING : Status.STOPPED;
        }
        return StatusProbe.derive(state, directory(state.id()));
    }

    /**
     * Whether another holder (another thread, another process) has the container's lock now; never waits. The
     * record lock is probed only while this JVM's own lock is held here: closing any descriptor of the lock file
     * drops every record lock this process has on it, so it must hold none when the probe closes its own.
     */
    private boolean lockedElsewhere(String id) throws IOException {
        Path dir = directory(id);
        ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(dir, key -> new ReentrantLock());
        if (!local.tryLock()) {
            return true;
        }
        try {
            if (local.getHoldCount() > 1) {
                return false; // this thread's own (a delete that reads the state it locked)
            }
            try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.WRITE)) {
                java.nio.channels.FileLock probe = channel.tryLock();
                if (probe == null) {
                    return true;
                }
                probe.release();
                return false;
            } catch (NoSuchFileException e) {
                return false;
            }
        } finally {
            local.unlock();
        }
    }

    /** Whether the container has a directory at all, state file or not. */
    public boolean exists(String id) throws ContainerException {
        checkId(id);
        return Files.isDirectory(directory(id));
    }

    /** The ids under the root, sorted; empty when the root does not exist yet. */
    public List<String> ids() throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (ID.matcher(name).matches()) {
                    ids.add(name);
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /** Removes a container's directory and everything in it; nothing happens when it is already gone. */
    public void remove(String id) throws ContainerException, IOException {
        checkId(id);
        Path dir = directory(id);
        if (!Files.exists(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    // the notify socket's directory, the bundle of a spec given in memory: one level, never
                    // followed through a link
                    try (DirectoryStream<Path> inner = Files.newDirectoryStream(entry)) {
                        for (Path file : inner) {
                            Files.deleteIfExists(file);
                        }
                    }
                }
                Files.deleteIfExists(entry);
            }
        }
        Files.deleteIfExists(dir);
    }

    /**
     * Takes the container's exclusive lock, waiting for another holder: an in-JVM lock (a library user may run
     * several commands at once) and then a POSIX record lock on the directory's lock file, which other hako
     * processes see. Plain {@link FileChannel#lock()} and no FFM: commands that change a container but never
     * need a system call of their own (start, delete) then link no native code at all. A container removed
     * while this waited is {@link Kind#NOT_FOUND}.
     */
    public Lock lock(String id) throws ContainerException, IOException {
        checkId(id);
        Path dir = directory(id);
        ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(dir, key -> new ReentrantLock());
        local.lock();
        FileChannel channel = null;
        try {
            try {
                channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                throw new ContainerException(Kind.NOT_FOUND, id);
            }
            channel.lock();
            if (!Files.isDirectory(dir)) {
                throw new ContainerException(Kind.NOT_FOUND, id);
            }
            return new Lock(channel, local);
        } catch (ContainerException | IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
        }
    }

    /** A held container lock; closing it releases it. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final ReentrantLock local;
        private boolean released;

        private Lock(FileChannel channel, ReentrantLock local) {
            this.channel = channel;
            this.local = local;
        }

        /** Releases the lock; a second close does nothing. */
        @Override
        public void close() throws IOException {
            if (released) {
                return;
            }
            released = true;
            try {
                channel.close(); // releases the record lock
            } finally {
                local.unlock();
            }
        }
    }
}
