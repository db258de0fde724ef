package io.hako.container.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A bounded libFuzzer run of the stage's plan decoder (with AddressSanitizer and UBSan), seeded with plans the
 * Java encoder wrote. Length: {@code -Dhako.fuzzSeconds=N} (default 20).
 */
class PlanFuzzTest {
    @Test
    void thePlanDecoderSurvivesFuzzing() throws Exception {
        assumeTrue(onPath("clang"), "clang is not installed (apt-get install clang libclang-rt-14-dev)");
        Path target = Path.of("target/fuzz");
        Files.createDirectories(target.resolve("corpus"));
        Path fuzzer = target.resolve("fuzz_plan");
        var build = run(List.of("clang", "-g", "-O1", "-fsanitize=fuzzer,address,undefined",
                "-fno-sanitize-recover=undefined", "-Isrc/main/c", "-o", fuzzer.toString(),
                "src/test/c/fuzz_plan.c", "src/main/c/plan.c"), 120);
        assumeTrue(build.exit == 0 || !build.output.contains("libclang_rt.fuzzer"),
                "clang has no libFuzzer runtime (apt-get install libclang-rt-14-dev)");
        assertEquals(0, build.exit, build.output);

        Files.write(target.resolve("corpus/sample"), PlanEncoder.encode(PlanCodecTest.sample()));
        Files.write(target.resolve("corpus/empty-plan"), PlanEncoder.encode(new Plan(List.of())));
        int seconds = Integer.getInteger("hako.fuzzSeconds", 20);
        var fuzz = run(List.of(fuzzer.toString(), "-max_total_time=" + seconds, "-rss_limit_mb=1024",
                "-max_len=4096", "-print_final_stats=1", target.resolve("corpus").toString()), seconds + 60);
        assertEquals(0, fuzz.exit, tail(fuzz.output));
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command, int timeoutSeconds) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " timed out");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String tail(String output) {
        return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
    }
}
