package io.hako.checkpoint.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** CRIU's own reason for a failure, from its log: the lines that say {@code Error}, as runc quotes them. */
public final class CriuLog {
    /** At most this many error lines are quoted: the first say the cause, the rest its consequences. */
    static final int MAX_LINES = 3;

    private CriuLog() {}

    /**
     * The error lines of a log, without CRIU's source positions ({@code Error (criu/vdso.c:381): }).
     *
     * @param log the log's text
     * @return the first {@link #MAX_LINES} error lines, stripped
     */
    public static List<String> errors(String log) {
        List<String> errors = new ArrayList<>();
        for (String line : log.split("\n")) {
            int at = line.indexOf("Error (");
            if (at < 0) {
                continue;
            }
            int end = line.indexOf("): ", at);
            String error = end < 0 ? line.substring(at).strip() : line.substring(end + 3).strip();
            if (!error.startsWith("exited, status=")) { // a worker's end, said after its reason
                errors.add(error);
            }
            if (errors.size() == MAX_LINES) {
                break;
            }
        }
        return errors;
    }

    /**
     * The error lines of the log file, or nothing when there is none.
     *
     * @param file the log
     * @return its error lines
     */
    public static List<String> errors(Path file) {
        try {
            return errors(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return List.of();
        }
    }
}
