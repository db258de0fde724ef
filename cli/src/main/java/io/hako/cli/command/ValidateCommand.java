package io.hako.cli.command;

import io.hako.cli.request.ValidateRequest;
import io.hako.oci.DocumentException;
import io.hako.oci.OciJson;
import io.hako.oci.SpecValidator;
import io.hako.oci.Violation;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code hako validate}: reads the bundle's {@code config.json}, checks it with {@link SpecValidator}, and
 * checks that {@code root.path} is a directory, the one fact about the bundle itself that every container
 * needs. A config that cannot be read at all is one error line, never a stack trace.
 */
final class ValidateCommand {
    private ValidateCommand() {}

    static void run(ValidateRequest request, Streams io) throws CommandError {
        Path config = request.bundle().resolve(SpecCommand.CONFIG);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(config);
        } catch (NoSuchFileException e) {
            // runc's words for the same case.
            throw CommandError.failed("JSON specification file " + SpecCommand.CONFIG + " not found in "
                    + request.bundle());
        } catch (IOException e) {
            throw CommandError.io("read " + config, e);
        }
        Spec spec;
        try {
            spec = OciJson.readSpec(bytes);
        } catch (DocumentException e) {
            throw CommandError.failed(SpecCommand.CONFIG + ": " + e.getMessage());
        }

        List<Violation> problems = new ArrayList<>(SpecValidator.validate(spec));
        if (spec.root() != null) {
            rootProblem(request.bundle(), spec.root().path(), problems);
        }
        if (problems.isEmpty()) {
            io.out().println(config + ": valid");
            return;
        }
        if (problems.size() == 1) {
            throw CommandError.failed(SpecCommand.CONFIG + ": " + problems.getFirst());
        }
        // Several: each on its own line, then the one error line the log gets.
        for (Violation problem : problems) {
            io.err().println(SpecCommand.CONFIG + ": " + problem);
        }
        throw CommandError.failed(SpecCommand.CONFIG + ": " + problems.size() + " problems, listed above");
    }

    /** The root filesystem must be a directory; a relative path is relative to the bundle (config.md). */
    private static void rootProblem(Path bundle, String rootPath, List<Violation> problems) {
        Path rootfs = bundle.resolve(rootPath).normalize();
        if (!Files.exists(rootfs)) {
            problems.add(new Violation("/root/path", rootfs + " does not exist"));
        } else if (!Files.isDirectory(rootfs)) {
            problems.add(new Violation("/root/path", rootfs + " is not a directory"));
        }
    }
}
