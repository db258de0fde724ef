package io.hako.container.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.container.ContainerException;
import io.hako.container.ContainerException.Kind;
import io.hako.container.Status;
import io.hako.container.internal.ProcStat;
import io.hako.container.internal.stage.StageBinary;
import io.hako.sys.Fd;
import io.hako.sys.Memfd;
import io.hako.sys.Sys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path root;

    private static SavedState state(String id, int pid, long startTime) {
        return new SavedState(id, "1.3.0", pid, startTime, "/bundles/" + id, "/bundles/" + id + "/rootfs",
                "2026-11-23T21:00:00.123456789Z", Map.of("b", "2", "a", "1"), "", "", false, true, 0, null, null, null,
                null, null);
    }

    @Test
    void savedStateReadsBackEqual() throws Exception {
        var store = new StateStore(root);
        store.claim("c1");
        SavedState saved = state("c1", 42, 1234);
        store.save(saved);
        assertEquals(saved, store.require("c1"));
        assertFalse(Files.exists(store.directory("c1").resolve("state.json.tmp")), "no temporary left behind");
        store.save(state("c1", 43, 99));
        assertEquals(43, store.require("c1").pid());
    }

    @Test
    void anUnfinishedCreateIsCreatingWhileItsCreatorHoldsTheLockThenStopped() throws Exception {
        var store = new StateStore(root);
        store.claim("c2");
        SavedState base = state("c2", 0, 0);
        SavedState unfinished = new SavedState(base.id(), base.ociVersion(), 0, 0, base.bundle(), base.rootfs(),
                base.created(), base.annotations(), "", "", false, true, 0, null, List.of("41", "57"), null, true, null);
        store.save(unfinished);
        assertEquals(unfinished, store.require("c2"), "the mark survives the file");
        try (var creating = Executors.newSingleThreadExecutor()) {
            var held = new java.util.concurrent.CountDownLatch(1);
            var release = new java.util.concurrent.CountDownLatch(1);
            Future<?> creator = creating.submit(() -> {
                try (var lock = store.lock("c2")) {
                    held.countDown();
                    release.await();
                }
                return null;
            });
            held.await();
            assertEquals(io.hako.container.Status.CREATING, store.status(unfinished), "its creator runs");
            release.countDown();
            creator.get(30, TimeUnit.SECONDS);
        }
        assertEquals(io.hako.container.Status.STOPPED, store.status(unfinished), "its creator is gone");
        try (var lock = store.lock("c2")) {
            assertEquals(io.hako.container.Status.STOPPED, store.status(unfinished), "the probe keeps this lock");
            assertEquals(io.hako.container.Status.STOPPED, store.status(unfinished));
        }
    }

    @Test
    void aMissingContainerUsesRuncsWords() {
        var store = new StateStore(root);
        var e = assertThrows(ContainerException.class, () -> store.require("nope"));
        assertEquals(Kind.NOT_FOUND, e.kind());
        assertEquals("container does not exist", e.getMessage());
    }

    @Test
    void idsThatAreNotSafeDirectoryNamesAreRefused() {
        var store = new StateStore(root);
        for (String id : List.of("", ".", "..", "a/b", "../x", "a b", "a\0b")) {
            var e = assertThrows(ContainerException.class, () -> store.claim(id), id);
            assertEquals(Kind.INVALID_ID, e.kind());
        }
    }

    @Test
    void ofTwoConcurrentClaimsExactlyOneWins() throws Exception {
        var store = new StateStore(root);
        for (int round = 0; round < 20; round++) {
            String id = "race" + round;
            var start = new CountDownLatch(1);
            Callable<Boolean> claim = () -> {
                start.await();
                try {
                    store.claim(id);
                    return true;
                } catch (ContainerException e) {
                    assertEquals(Kind.EXISTS, e.kind());
                    return false;
                }
            };
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Boolean> a = pool.submit(claim);
                Future<Boolean> b = pool.submit(claim);
                start.countDown();
                assertTrue(a.get() ^ b.get(), "exactly one claim of " + id + " wins");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void listsIdsSortedAndRemovesWhatItMade() throws Exception {
        var store = new StateStore(root.resolve("not-yet"));
        assertEquals(List.of(), store.ids());
        for (String id : List.of("b", "a", "c")) {
            store.claim(id);
            store.save(state(id, 0, 0));
        }
        Sys.mkfifo(store.execFifo("a").toString(), 0622);
        assertEquals(List.of("a", "b", "c"), store.ids());
        store.remove("a");
        store.remove("a");
        assertEquals(List.of("b", "c"), store.ids());
        assertFalse(Files.exists(store.directory("a")));
    }

    @Test
    void statusIsDerivedFromTheLiveProcessAndTheFifo() throws Exception {
        var store = new StateStore(root);
        // Run from a memfd named as the stage's, as an init waiting for start is.
        Fd stage = Memfd.sealed(StageBinary.MEMFD_NAME, Files.readAllBytes(Path.of("/bin/sleep")));
        Process sleeper = new ProcessBuilder("/proc/" + ProcessHandle.current().pid() + "/fd/" + stage.number(), "60")
                .start();
        stage.close();
        Process started = new ProcessBuilder("sleep", "60").start();
        try {
            int pid = (int) sleeper.pid();
            ProcStat stat = ProcStat.read(pid);
            store.claim("live");
            store.save(state("live", pid, stat.startTime()));
            Sys.mkfifo(store.execFifo("live").toString(), 0622);
            assertEquals(Status.CREATED, store.status(store.require("live")));
            Files.delete(store.execFifo("live"));
            assertEquals(Status.RUNNING, store.status(store.require("live")));
            Sys.mkfifo(store.execFifo("live").toString(), 0622);
            store.save(state("live", (int) started.pid(), ProcStat.read((int) started.pid()).startTime()));
            assertEquals(Status.RUNNING, store.status(store.require("live")),
                    "the fifo is there, but the init runs its own program: a start killed after letting it go");
            Files.delete(store.execFifo("live"));

            // Same pid, other start time: the pid was reused by another process; the container is stopped.
            store.save(state("live", pid, stat.startTime() + 1));
            assertEquals(Status.STOPPED, store.status(store.require("live")));
        } finally {
            sleeper.destroyForcibly().waitFor();
            started.destroyForcibly().waitFor();
        }
        store.save(state("live", (int) sleeper.pid(), 0));
        assertEquals(Status.STOPPED, store.status(store.require("live")));
    }

    @Test
    void procStatParsesCommandNamesWithSpacesAndParentheses() {
        String line = "1234 (my (odd) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 "
                + "1000 100 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";
        ProcStat stat = ProcStat.parse(line);
        assertEquals('S', stat.state());
        assertEquals(1, stat.parentPid());
        assertEquals(987654L, stat.startTime());
    }

    @Test
    void theLockIsExclusiveAndAwaitsTheHolder() throws Exception {
        var store = new StateStore(root);
        store.claim("locked");
        var held = new AtomicBoolean(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (StateStore.Lock lock = store.lock("locked")) {
            Future<Boolean> other = pool.submit(() -> {
                try (StateStore.Lock second = store.lock("locked")) {
                    return held.get();
                }
            });
            Thread.sleep(200);
            assertFalse(other.isDone(), "the second locker waits");
            held.set(false);
            lock.close();
            assertFalse(other.get(5, TimeUnit.SECONDS), "it got the lock only after the first let go");
        } finally {
            pool.shutdownNow();
        }
        var e = assertThrows(ContainerException.class, () -> store.lock("gone"));
        assertEquals(Kind.NOT_FOUND, e.kind());
    }

    @Test
    void anotherProcessHoldingTheLockIsAwaited() throws Exception {
        var store = new StateStore(root);
        store.claim("shared");
        Path locker = root.resolve("Locker.java");
        Files.writeString(locker, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                class Locker {
                    public static void main(String[] args) throws Exception {
                        try (var channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE); var lock = channel.lock()) {
                            System.out.println("locked");
                            System.in.read();
                        }
                    }
                }
                """);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(java.toString(), locker.toString(),
                store.directory("shared").resolve(StateStore.LOCK_FILE).toString()).start();
        try {
            assertEquals("locked", new String(holder.getInputStream().readNBytes(6)));
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> waiting = pool.submit(() -> {
                    try (StateStore.Lock lock = store.lock("shared")) {
                        return null;
                    }
                });
                Thread.sleep(200);
                assertFalse(waiting.isDone(), "the lock of another process is awaited");
                holder.getOutputStream().close(); // the holder exits, which releases its lock
                waiting.get(10, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }
}
