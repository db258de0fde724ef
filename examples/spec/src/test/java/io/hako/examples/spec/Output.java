package io.hako.examples.spec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What an example printed, and its exit status. */
record Output(int status, String out, String err) {
    interface Example {
        int run(String[] args, PrintStream out, PrintStream err) throws Exception;
    }

    static Output of(Example example, String... args) throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
                var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = example.run(args, o, e);
        }
        return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
