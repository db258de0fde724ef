package io.hako.cli.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The side-by-side tests' C helpers (cli/src/test/c), built with gcc into target/ on first use. */
public final class TestPrograms {
    private TestPrograms() {}

    /**
     * {@code src/test/c/NAME.c} built, static when {@code isStatic} (to run as a container's whole userland); skips
     * the test where there is no gcc.
     */
    public static synchronized Path build(String name, boolean isStatic) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "needs gcc to build " + name + ".c");
        Path cli = Path.of(System.getProperty("hako.repo", ".")).resolve("cli");
        Path binary = cli.resolve("target/test-programs").resolve(name);
        Path source = cli.resolve("src/test/c").resolve(name + ".c");
        if (!Files.isExecutable(binary)
                || Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) < 0) {
            Files.createDirectories(binary.getParent());
            List<String> gcc = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-Wextra", "-Werror"));
            if (isStatic) {
                gcc.add("-static");
            }
            gcc.addAll(List.of("-o", binary.toString(), source.toString()));
            Process build = new ProcessBuilder(gcc).redirectErrorStream(true).start();
            String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, build.waitFor(), String.join(" ", gcc) + ":\n" + output);
        }
        return binary;
    }
}
