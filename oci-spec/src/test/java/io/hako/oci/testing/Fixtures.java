package io.hako.oci.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository's own example documents, in {@code src/test/resources/fixtures/{config,state,features}/{good,bad}}
 * (see the README there): written for hako's tests, so that they need nothing outside the repository.
 */
public final class Fixtures {
    private Fixtures() {}

    /** The folder of the fixtures, as the build copied it. */
    public static Path root() {
        URL readme = Fixtures.class.getResource("/fixtures/README.md");
        if (readme == null) {
            throw new IllegalStateException("no fixtures/README.md among the test resources");
        }
        try {
            return Path.of(readme.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixtures of one document kind and verdict, by name: {@code of("config", "good")}. */
    public static List<Path> of(String document, String verdict) {
        Path dir = root().resolve(document).resolve(verdict);
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

    /** A fixture's bytes by its path under the fixtures' folder: {@code read("config/good/minimal.json")}. */
    public static byte[] read(String path) {
        try {
            return Files.readAllBytes(root().resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
