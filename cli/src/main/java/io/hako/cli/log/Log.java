package io.hako.cli.log;

import io.hako.cli.args.GoSyntax;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;

/**
 * Where a call's errors and debug lines go, as runc sends them.
 *
 * <ul>
 *   <li>With {@code --log FILE}: each record is appended to the file as one line in the chosen format, and an
 *       error's message is also printed plainly on stderr. containerd takes the {@code msg} of the last
 *       {@code "level":"error"} line of the file; podman parses the whole file as one JSON object, so a failed
 *       call writes exactly one error record (see {@link #error}).
 *   <li>Without: records go to stderr, an error as its plain message in the text format (like crun, and what
 *       people read) and as a JSON line in the JSON format (like runc and crun).
 * </ul>
 *
 * <p>The file is opened only when there is something to write, so successful calls never touch it.
 */
public final class Log {
    private static final Set<StandardOpenOption> APPEND =
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);

    private final LogFormat format;
    private final Optional<Path> file;
    private final boolean debug;
    private final PrintStream stderr;
    private final InstantSource clock;

    /**
     * @param format the record format
     * @param file the {@code --log} file, absolute; empty for stderr
     * @param debug whether {@link #debug} records are written
     * @param stderr the caller's standard error, UTF-8
     * @param clock the time stamped on records
     */
    public Log(LogFormat format, Optional<Path> file, boolean debug, PrintStream stderr, InstantSource clock) {
        this.format = format;
        this.file = file;
        this.debug = debug;
        this.stderr = stderr;
        this.clock = clock;
    }

    /** A log without a file: records go to {@code stderr} in the text format. */
    public static Log toStderr(PrintStream stderr) {
        return new Log(LogFormat.TEXT, Optional.empty(), false, stderr, InstantSource.system());
    }

    public boolean isDebugEnabled() {
        return debug;
    }

    /** Records the error that ends the call. Call it once per failed call: engines read the last (or only) one. */
    public void error(String message) {
        if (file.isPresent()) {
            append(record("error", message));
            stderr.println(message);
        } else if (format == LogFormat.JSON) {
            stderr.print(record("error", message));
        } else {
            stderr.println(message);
        }
        stderr.flush();
    }

    /** Records a warning: the call goes on (a capability this kernel lacks, a setting not applied). */
    public void warn(String message) {
        String line = record("warning", message);
        if (file.isPresent()) {
            append(line);
        } else {
            stderr.print(line);
            stderr.flush();
        }
    }

    /** Records a debug line when {@code --debug} is on. */
    public void debug(String message) {
        if (!debug) {
            return;
        }
        String line = record("debug", message);
        if (file.isPresent()) {
            append(line);
        } else {
            stderr.print(line);
            stderr.flush();
        }
    }

    /** One record, newline included, in the chosen format. */
    String record(String level, String message) {
        String time = Rfc3339.format(clock.instant());
        var line = new StringBuilder(message.length() + 80);
        if (format == LogFormat.JSON) {
            // logrus marshals a map, so the keys come sorted: level, msg, time.
            line.append("{\"level\":");
            JsonText.appendQuoted(line, level);
            line.append(",\"msg\":");
            JsonText.appendQuoted(line, message);
            line.append(",\"time\":");
            JsonText.appendQuoted(line, time);
            line.append('}');
        } else {
            line.append("time=").append(logfmt(time)).append(" level=").append(level)
                    .append(" msg=").append(logfmt(message));
        }
        return line.append('\n').toString();
    }

    /** logrus's text formatter quotes (with Go's rules) any value with a character outside this set. */
    private static String logfmt(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '/' || c == '@' || c == '^' || c == '+';
            if (!plain) {
                return GoSyntax.quote(value);
            }
        }
        return value;
    }

    private void append(String line) {
        Path path = file.orElseThrow();
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try (SeekableByteChannel out = Files.newByteChannel(path, APPEND,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")))) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // The record must not be lost: say why the log failed, then give the record to stderr.
            stderr.println("hako: cannot write to log " + path + ": " + e.getMessage());
            stderr.print(line);
            stderr.flush();
        }
    }

    /**
     * RFC 3339 time stamps in UTC with nanoseconds, trailing zeros trimmed (Go's {@code time.RFC3339Nano}).
     * Computed by hand rather than with {@code java.time.format}, which costs class loading on the error path.
     */
    static final class Rfc3339 {
        private Rfc3339() {}

        static String format(Instant instant) {
            long seconds = instant.getEpochSecond();
            long days = Math.floorDiv(seconds, 86_400);
            long secondOfDay = Math.floorMod(seconds, 86_400);
            // Howard Hinnant's civil_from_days.
            long z = days + 719_468;
            long era = Math.floorDiv(z, 146_097);
            long dayOfEra = z - era * 146_097;
            long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
            long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
            long mp = (5 * dayOfYear + 2) / 153;
            long day = dayOfYear - (153 * mp + 2) / 5 + 1;
            long month = mp < 10 ? mp + 3 : mp - 9;
            long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

            var out = new StringBuilder(35);
            pad(out, year, 4).append('-');
            pad(out, month, 2).append('-');
            pad(out, day, 2).append('T');
            pad(out, secondOfDay / 3600, 2).append(':');
            pad(out, secondOfDay / 60 % 60, 2).append(':');
            pad(out, secondOfDay % 60, 2);
            int nanos = instant.getNano();
            if (nanos != 0) {
                var fraction = new StringBuilder(9);
                pad(fraction, nanos, 9);
                int end = 9;
                while (fraction.charAt(end - 1) == '0') {
                    end--;
                }
                out.append('.').append(fraction, 0, end);
            }
            return out.append('Z').toString();
        }

        private static StringBuilder pad(StringBuilder out, long value, int width) {
            String digits = Long.toString(value);
            for (int i = digits.length(); i < width; i++) {
                out.append('0');
            }
            return out.append(digits);
        }
    }
}
