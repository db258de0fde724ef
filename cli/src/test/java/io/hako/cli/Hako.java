package io.hako.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the whole command line in-process, the way the launcher does, and keeps what it printed. */
public final class Hako {
    private Hako() {}

    /** What one call returned and printed. */
    public record Result(int status, String out, String err) {
        /** stderr's lines, without the empty one after the last newline. */
        public List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }

        @Override
        public String toString() {
            return "status " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static Result run(Path cwd, String... args) {
        return runWithInput(cwd, "", args);
    }

    public static Result runWithInput(Path cwd, String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = Main.run(new Invocation(List.of(args), cwd, Map.of("PATH", "/usr/bin:/bin"),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
