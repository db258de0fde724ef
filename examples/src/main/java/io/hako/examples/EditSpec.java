package io.hako.examples;

import io.hako.oci.DefaultSpec;
import io.hako.oci.DocumentException;
import io.hako.oci.OciJson;
import io.hako.oci.SpecValidator;
import io.hako.oci.Violation;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Uses the OCI spec library alone: reads a bundle's {@code config.json} (or starts from the default one),
 * replaces the process's arguments, validates the result and writes it back.
 *
 * <pre>java -p ... -m io.hako.examples/io.hako.examples.EditSpec BUNDLE [ARG...]</pre>
 */
public final class EditSpec {
    private EditSpec() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: EditSpec BUNDLE [ARG...]");
            System.exit(2);
        }
        Path config = Path.of(args[0], "config.json");
        Spec spec;
        try {
            spec = Files.exists(config) ? OciJson.readSpec(config) : DefaultSpec.create();
        } catch (DocumentException e) {
            System.err.println(config + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        if (args.length > 1) {
            spec = spec.editProcess(p -> p.withArgs(Arrays.copyOfRange(args, 1, args.length)));
        }
        List<Violation> violations = SpecValidator.validate(spec);
        if (!violations.isEmpty()) {
            violations.forEach(v -> System.err.println(config + ": " + v));
            System.exit(1);
        }
        Files.write(config, OciJson.write(spec, true));
        System.out.println("wrote " + config);
    }
}
