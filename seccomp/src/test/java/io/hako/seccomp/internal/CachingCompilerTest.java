package io.hako.seccomp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Syscall;
import io.hako.seccomp.SeccompCompiler;
import io.hako.seccomp.SeccompProgram;
import io.hako.seccomp.SeccompSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingCompilerTest {
    @TempDir
    Path dir;
    Path cache;
    final AtomicInteger compiles = new AtomicInteger();

    /** A compiler that counts its calls and makes a program from the rule count, saying one thing each time. */
    final SeccompCompiler counting = new SeccompCompiler() {
        @Override
        public String name() {
            return "counting";
        }

        @Override
        public boolean isAvailable() {
            return true;
        }

        @Override
        public SeccompProgram compile(Seccomp seccomp, Consumer<String> warnings) {
            compiles.incrementAndGet();
            warnings.accept("/linux/seccomp/syscalls/0/names/0: unknown syscall \"nosuch\" ignored");
            byte[] filter = new byte[8 * (1 + seccomp.syscalls().size())];
            filter[0] = (byte) seccomp.syscalls().size();
            return new SeccompProgram(filter, SeccompProgram.FLAG_LOG, false);
        }

        @Override
        public SeccompSupport support() {
            throw new UnsupportedOperationException();
        }
    };

    @BeforeEach
    void needsLibseccompsFile() {
        assumeTrue(LibraryIdentity.of(Libseccomp.SONAME) != null, "libseccomp is not installed");
        cache = dir.resolve("cache");
    }

    private static Seccomp section(String... names) {
        List<Syscall> rules = new ArrayList<>();
        for (String name : names) {
            rules.add(new Syscall(List.of(name), "SCMP_ACT_ERRNO", null, null, null));
        }
        return new Seccomp("SCMP_ACT_ALLOW", null, null, null, null, null, rules, null);
    }

    @Test
    void aSectionIsCompiledOnceAndItsWarningsAreSaidEachTime() throws Exception {
        var compiler = new CachingCompiler(cache, () -> counting);
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        SeccompProgram compiled = compiler.compile(section("mkdir", "nosuch"), first::add);
        SeccompProgram kept = compiler.compile(section("mkdir", "nosuch"), second::add);
        assertEquals(1, compiles.get());
        assertArrayEquals(compiled.filter(), kept.filter());
        assertEquals(compiled.flags(), kept.flags());
        assertEquals(first, second);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));

        compiler.compile(section("mkdir"), warning -> { });
        assertEquals(2, compiles.get(), "another section is another entry");
    }

    @Test
    void aDamagedOrForeignEntryIsAMissNeverAWrongProgram() throws Exception {
        var compiler = new CachingCompiler(cache, () -> counting);
        compiler.compile(section("mkdir"), warning -> { });
        Path entry;
        try (Stream<Path> files = Files.list(cache)) {
            entry = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        compiler.compile(section("mkdir"), warning -> { });
        assertEquals(2, compiles.get(), "a short file is compiled again");

        // Another section's entry under this section's name (a hash collision): its key does not match.
        Files.copy(entry, dir.resolve("saved"));
        byte[] other = CachingCompiler.key(section("rmdir"));
        Files.move(dir.resolve("saved"), cache.resolve(CachingCompiler.fileName(other)),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        SeccompProgram program = compiler.compile(section("rmdir"), warning -> { });
        assertEquals(3, compiles.get());
        assertEquals(1, program.filter()[0]);
    }

    @Test
    void aDirectoryOthersMayWriteIsNotTrusted() throws Exception {
        Files.createDirectory(cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        var compiler = new CachingCompiler(cache, () -> counting);
        compiler.compile(section("mkdir"), warning -> { });
        compiler.compile(section("mkdir"), warning -> { });
        assertEquals(2, compiles.get());
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(0, files.count(), "nothing is written there either");
        }
    }

    @Test
    void onlyTheMostRecentEntriesAreKept() throws Exception {
        var compiler = new CachingCompiler(cache, () -> counting);
        for (int i = 0; i < CachingCompiler.MAX_ENTRIES + 5; i++) {
            compiler.compile(section("call" + i), warning -> { });
        }
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(CachingCompiler.MAX_ENTRIES, files.count());
        }
        assertNotEquals(CachingCompiler.fileName(CachingCompiler.key(section("a"))),
                CachingCompiler.fileName(CachingCompiler.key(section("b"))));
    }
}
