package io.hako.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The effective user and group this process runs as, read from {@code /proc/self/status}: no native call is
 * needed for two numbers, and linking one costs more start-up time than reading a small file.
 *
 * @param uid the effective uid
 * @param gid the effective gid
 */
record ProcessIdentity(long uid, long gid) {
    private static final Path STATUS = Path.of("/proc/self/status");

    /** This process's identity. */
    static ProcessIdentity current() throws CommandError {
        // A stream, not Files.readString: procfs files report size 0, and the JDK's sized reads can misread them.
        try (InputStream in = Files.newInputStream(STATUS)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw CommandError.io("read " + STATUS, e);
        }
    }

    /**
     * Reads the {@code Uid:} and {@code Gid:} lines of a {@code /proc/PID/status} text; each holds the real,
     * effective, saved and filesystem ids, tab-separated.
     */
    static ProcessIdentity parse(String status) throws CommandError {
        long uid = -1;
        long gid = -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                uid = effective(line);
            } else if (line.startsWith("Gid:")) {
                gid = effective(line);
            }
        }
        if (uid < 0 || gid < 0) {
            throw CommandError.failed("/proc/self/status has no Uid or Gid line");
        }
        return new ProcessIdentity(uid, gid);
    }

    private static long effective(String line) throws CommandError {
        String[] fields = line.substring(4).strip().split("\\s+");
        try {
            return Long.parseLong(fields[1]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw CommandError.failed("/proc/self/status: cannot read ids from \"" + line + "\"");
        }
    }
}
