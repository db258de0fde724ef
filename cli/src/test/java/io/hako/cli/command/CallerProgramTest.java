package io.hako.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a program a command runs in its caller is found: as execvp finds it. */
class CallerProgramTest {
    @Test
    void theFirstExecutableOnThePathWins(@TempDir Path dir) throws Exception {
        Path first = Files.createDirectories(dir.resolve("a"));
        Path second = Files.createDirectories(dir.resolve("b"));
        Files.writeString(first.resolve("ps"), "not executable");
        Path executable = Files.writeString(second.resolve("ps"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("c/ps"));
        String path = dir.resolve("c") + ":" + first + ":" + second;
        assertEquals(Optional.of(executable.toString()), CallerProgram.find("ps", path));
        assertEquals(Optional.empty(), CallerProgram.find("ps", first.toString()));
        assertEquals(Optional.of("./x/ps"), CallerProgram.find("./x/ps", ""), "a name with a slash is a path");
    }
}
