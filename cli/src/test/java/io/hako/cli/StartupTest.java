package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every call is a JVM start, so the cheap calls must stay cheap: {@code --version}, {@code --help} and the
 * error path of the lifecycle commands engines call most must not load Jackson or the spec model. Checked in
 * a fresh JVM with the module path the tests run on, from its class-loading log.
 */
class StartupTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"--version", "--help", "create --help", "--log-format json state x",
            "kill x KILL", "delete --force x"})
    void cheapCallsLoadNoJsonLibraryNorSpecModel(String call) throws Exception {
        String modulePath = System.getProperty("jdk.module.path");
        Assumptions.assumeTrue(modulePath != null, "the tests do not run on the module path");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xlog:class+load=info:stdout", "-Xshare:off", "-p", modulePath, "-m",
                "io.hako.cli/io.hako.cli.Main", "--root", dir.toString()));
        command.addAll(List.of(call.split(" ")));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        assertTrue(status == 0 || status == 1, output);

        List<String> loaded = output.lines().filter(l -> l.contains("[class,load]")).toList();
        assertTrue(loaded.size() > 100, "no class-loading log:\n" + output);
        List<String> heavy = loaded.stream()
                .filter(l -> l.contains(" tools.jackson.") || l.contains(" io.hako.oci.config.")
                        || l.contains(" io.hako.oci.OciJson") || l.contains(" io.hako.oci.internal."))
                .toList();
        assertEquals(List.of(), heavy);
    }

    /** The check itself: a call that does read JSON shows up. */
    @ParameterizedTest
    @ValueSource(strings = {"features"})
    void theCheckSeesJsonWhenItIsUsed(String call) throws IOException, InterruptedException {
        String modulePath = System.getProperty("jdk.module.path");
        Assumptions.assumeTrue(modulePath != null, "the tests do not run on the module path");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:stdout", "-Xshare:off", "-p", modulePath, "-m", "io.hako.cli/io.hako.cli.Main",
                call).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.contains(" tools.jackson.core."), "Jackson not seen loading for " + call);
    }
}
