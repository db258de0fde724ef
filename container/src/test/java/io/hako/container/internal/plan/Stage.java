package io.hako.container.internal.plan;

import io.hako.container.internal.stage.StageBinary;
import io.hako.sys.Fd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged stage from its sealed memfd with an argument and some standard input. */
final class Stage {
    record Result(int exit, String out, String err) {}

    private final Fd memfd;

    Stage() throws Exception {
        memfd = StageBinary.sealedCopy(); // shared by the JVM: not closed here
    }

    Result run(String argument, byte[] input) throws IOException, InterruptedException {
        // ProcessBuilder closes inherited descriptors, so reach the memfd through this JVM's fd table.
        String path = "/proc/" + ProcessHandle.current().pid() + "/fd/" + memfd.number();
        Process process = new ProcessBuilder(new ArrayList<>(List.of(path, argument))).start();
        process.getOutputStream().write(input);
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the stage hung on " + input.length + " bytes");
        }
        return new Result(process.exitValue(), out, err);
    }
}
