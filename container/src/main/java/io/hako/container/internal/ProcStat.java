package io.hako.container.internal.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The two facts of {@code /proc/<pid>/stat} that tell whether a container's init still lives: its state letter
 * and its start time.
 *
 * @param state the state letter ({@code R}, {@code S}, {@code Z} for a zombie, ...)
 * @param startTime clock ticks since boot when the process started (field 22)
 */
record ProcStat(char state, long startTime) {
    /** Reads a process's stat line; null when there is no such process. */
    static ProcStat read(int pid) throws IOException {
        if (pid <= 0) {
            return null;
        }
        String line;
        // A stream, not Files.readAllBytes: procfs files report size 0 and some misread at an offset.
        try (var in = Files.newInputStream(Path.of("/proc/" + pid + "/stat"))) {
            line = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        }
        return parse(line);
    }

    /** Parses a stat line. The command name (field 2) may hold spaces and parentheses, so fields count from the last ')'. */
    static ProcStat parse(String line) {
        int end = line.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
        }
        String[] fields = line.substring(end + 2).trim().split(" ");
        // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
        if (fields.length < 20) {
            throw new IllegalArgumentException("short /proc/<pid>/stat line: " + line);
        }
        return new ProcStat(fields[0].charAt(0), Long.parseLong(fields[19]));
    }

    boolean isGone() {
        return state == 'Z' || state == 'X';
    }
}
