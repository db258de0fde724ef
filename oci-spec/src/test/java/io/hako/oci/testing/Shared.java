package io.hako.oci.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared test data beside the repository: the runtime-spec's schemas and its good and bad examples
 * ({@code ../shared/oci-runtime-spec}). Surefire passes the folder as {@code hako.shared}; run elsewhere (an
 * IDE), it is {@code ../../shared} from the module's folder.
 */
public final class Shared {
    private Shared() {}

    public static Path root() {
        String property = System.getProperty("hako.shared");
        Path root = property != null && !property.isEmpty()
                ? Path.of(property)
                : Path.of(System.getProperty("user.dir")).resolve("../../shared");
        root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("oci-runtime-spec"))) {
            throw new IllegalStateException("no oci-runtime-spec folder in " + root
                    + "; set -Dhako.shared=<the shared folder>");
        }
        return root;
    }

    /** {@code oci-runtime-spec}: the schemas, with the fixtures in {@code test/}. */
    public static Path runtimeSpec() {
        return root().resolve("oci-runtime-spec");
    }

    /** The fixtures of one document kind and verdict: {@code fixtures("config", "good")}. */
    public static List<Path> fixtures(String document, String verdict) {
        Path dir = runtimeSpec().resolve("test").resolve(document).resolve(verdict);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            if (list.isEmpty()) {
                throw new IllegalStateException("no fixtures in " + dir);
            }
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
