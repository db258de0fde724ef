package io.hako.examples.spec;

import io.hako.oci.DocumentException;
import io.hako.oci.OciJson;
import io.hako.oci.SpecValidator;
import io.hako.oci.Violation;
import io.hako.oci.config.Namespace;
import io.hako.oci.config.Spec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Uses the OCI spec library alone: validates a bundle as a runtime would before creating a container from it —
 * its {@code config.json} against the runtime-spec's rules, and its root filesystem on disk — and prints either a
 * summary or every broken rule with the JSON pointer of its field.
 *
 * <pre>java -p ... -m io.hako.examples.spec/io.hako.examples.spec.ValidateBundle BUNDLE</pre>
 *
 * Exit status: 0 valid, 1 invalid, 2 usage.
 */
public final class ValidateBundle {
    private ValidateBundle() {}

    /**
     * Runs the example.
     *
     * @param args the bundle directory
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * What {@link #main} does.
     *
     * @param args the command line's arguments
     * @param out where the example prints what it shows
     * @param err where it prints errors, one line each
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: ValidateBundle BUNDLE");
            return 2;
        }
        Path bundle = Path.of(args[0]);
        Path config = bundle.resolve("config.json");
        Spec spec;
        try {
            spec = OciJson.readSpec(config);
        } catch (DocumentException e) {
            // A document that does not bind (bad JSON, a wrong type, a missing required field) names its field.
            err.println(config + ": " + e.getMessage());
            return 1;
        }
        List<Violation> violations = new ArrayList<>(SpecValidator.validate(spec));
        if (spec.root() != null && !Files.isDirectory(bundle.resolve(spec.root().path()))) {
            violations.add(new Violation("/root/path", "no directory " + bundle.resolve(spec.root().path())));
        }
        if (!violations.isEmpty()) {
            violations.forEach(v -> err.println(config + ": " + v));
            return 1;
        }
        out.println(config + ": valid, runtime-spec " + spec.ociVersion());
        if (spec.process() != null) {
            var user = spec.process().user();
            out.println("process: " + String.join(" ", spec.process().args()) + " (uid " + user.uid() + ", gid "
                    + user.gid() + (Boolean.TRUE.equals(spec.process().terminal()) ? ", terminal" : "") + ")");
        }
        if (spec.root() != null) {
            out.println("root: " + spec.root().path() + (Boolean.TRUE.equals(spec.root().readonly()) ? " (read-only)"
                    : ""));
        }
        out.println("mounts: " + spec.mounts().size());
        if (spec.linux() != null) {
            out.println("namespaces: " + spec.linux().namespaces().stream().map(Namespace::type)
                    .map(Object::toString).collect(Collectors.joining(" ")));
        }
        return 0;
    }
}
