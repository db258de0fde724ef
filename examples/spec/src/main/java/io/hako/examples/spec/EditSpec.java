package io.hako.examples.spec;

import io.hako.oci.DefaultSpec;
import io.hako.oci.DocumentException;
import io.hako.oci.OciJson;
import io.hako.oci.SpecValidator;
import io.hako.oci.Violation;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Uses the OCI spec library alone: reads a bundle's {@code config.json} (or starts from the default one),
 * replaces the process's arguments, validates the result and writes it back.
 *
 * <pre>java -p ... -m io.hako.examples.spec/io.hako.examples.spec.EditSpec BUNDLE [ARG...]</pre>
 */
public final class EditSpec {
    private EditSpec() {}

    /**
     * Runs the example.
     *
     * @param args the bundle directory, then the process's new arguments
     * @throws IOException as {@link #run} does
     */
    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * What {@link #main} does.
     *
     * @param args the command line's arguments
     * @param out where the example prints what it shows
     * @param err where it prints errors, one line each
     * @return the exit status
     * @throws IOException when a file or the process's output cannot be read or written
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length < 1) {
            err.println("usage: EditSpec BUNDLE [ARG...]");
            return 2;
        }
        Path config = Path.of(args[0], "config.json");
        Spec spec;
        try {
            spec = Files.exists(config) ? OciJson.readSpec(config) : DefaultSpec.create();
        } catch (DocumentException e) {
            err.println(config + ": " + e.getMessage());
            return 1;
        }
        if (args.length > 1) {
            spec = spec.editProcess(p -> p.withArgs(Arrays.copyOfRange(args, 1, args.length)));
        }
        List<Violation> violations = SpecValidator.validate(spec);
        if (!violations.isEmpty()) {
            violations.forEach(v -> err.println(config + ": " + v));
            return 1;
        }
        Files.write(config, OciJson.write(spec, true));
        out.println("wrote " + config);
        return 0;
    }
}
