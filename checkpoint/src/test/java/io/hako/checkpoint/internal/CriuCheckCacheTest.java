package io.hako.checkpoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.checkpoint.CriuCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriuCheckCacheTest {
    @TempDir
    Path dir;

    private final AtomicInteger asked = new AtomicInteger();

    private Supplier<CriuCheck> check(CriuCheck answer) {
        return () -> {
            asked.incrementAndGet();
            return answer;
        };
    }

    private Path criu(String content) throws Exception {
        Path criu = dir.resolve("criu");
        Files.writeString(criu, content);
        Files.setPosixFilePermissions(criu, PosixFilePermissions.fromString("rwxr-xr-x"));
        return criu;
    }

    @Test
    void theAnswerIsKeptUntilTheBinaryChanges() throws Exception {
        Path criu = criu("#!/bin/sh\n");
        Path cache = dir.resolve("cache");
        CriuCheck failing = new CriuCheck(false, "3.17.1", "vdso: Unexpected rt vDSO area bounds");
        assertEquals(failing, CriuCheckCache.cachedOrChecked(criu.toString(), cache, check(failing)));
        assertEquals(failing, CriuCheckCache.cachedOrChecked(criu.toString(), cache, check(failing)));
        assertEquals(1, asked.get(), "asked once, then read from the cache");

        criu("#!/bin/sh\n# another build\n");
        CriuCheck working = new CriuCheck(true, "3.19", "");
        assertEquals(working, CriuCheckCache.cachedOrChecked(criu.toString(), cache, check(working)));
        assertEquals(2, asked.get(), "another binary is asked again");
    }

    @Test
    void aCacheThatCannotBeWrittenIsNoError() throws Exception {
        Path criu = criu("#!/bin/sh\n");
        Path notADirectory = Files.writeString(dir.resolve("file"), "");
        CriuCheck working = new CriuCheck(true, "3.17.1", "");
        assertEquals(working, CriuCheckCache.cachedOrChecked(criu.toString(), notADirectory, check(working)));
        assertEquals(working, CriuCheckCache.cachedOrChecked(criu.toString(), notADirectory, check(working)));
        assertEquals(2, asked.get());
    }

    @Test
    void withoutACriuTheCheckSaysWhy() {
        CriuCheck missing = new CriuCheck(false, "", "exec: \"no-such-criu\": executable file not found in $PATH");
        assertEquals(missing, CriuCheckCache.cachedOrChecked("no-such-criu", dir, check(missing)));
        assertEquals(1, asked.get());
    }
}
