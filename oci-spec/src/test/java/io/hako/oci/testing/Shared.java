package io.hako.oci.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The runtime-spec's own schemas and good and bad examples, kept beside the repository
 * ({@code ../shared/oci-runtime-spec}), which a clone of the repository alone does not have. Surefire passes the
 * shared folder as {@code hako.shared}; run elsewhere (an IDE), it is {@code ../../shared} from the module's folder.
 * Tests that read it are marked {@code io.hako.oci.NeedsRuntimeSpec}, and skip with {@link #missingReason()} without it.
 */
public final class Shared {
    private Shared() {}

    /** The {@code oci-runtime-spec} folder, whether it exists or not. */
    public static Path runtimeSpecFolder() {
        String property = System.getProperty("hako.shared");
        Path root = property != null && !property.isEmpty()
                ? Path.of(property)
                : Path.of(System.getProperty("user.dir")).resolve("../../shared");
        return root.toAbsolutePath().normalize().resolve("oci-runtime-spec");
    }

    /** Whether the runtime-spec's schemas and examples are there. */
    public static boolean present() {
        return Files.isRegularFile(runtimeSpecFolder().resolve("config-schema.json"));
    }

    /** Why a test that needs them is skipped: where they were looked for, and how to point at them. */
    public static String missingReason() {
        return "the runtime-spec's schemas and examples are not at " + runtimeSpecFolder()
                + "; run with -Dhako.shared=DIR, DIR holding oci-runtime-spec/ (the runtime-spec's schema/ "
                + "folder, its examples in test/)";
    }

    /** {@code oci-runtime-spec}: the schemas, with the examples in {@code test/}. Skips the test without it. */
    public static Path runtimeSpec() {
        Assumptions.assumeTrue(present(), Shared::missingReason);
        return runtimeSpecFolder();
    }

    /** The examples of one document kind and verdict: {@code fixtures("config", "good")}. */
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
