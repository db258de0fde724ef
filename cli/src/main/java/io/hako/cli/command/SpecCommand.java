package io.hako.cli.command;

import io.hako.cli.request.SpecRequest;
import io.hako.oci.DefaultSpec;
import io.hako.oci.OciJson;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@code hako spec}: writes the default configuration into the bundle, never over an existing one. */
final class SpecCommand {
    static final String CONFIG = "config.json";

    private SpecCommand() {}

    static void run(SpecRequest request) throws CommandError {
        Spec spec;
        if (request.rootless()) {
            // Like runc: root in the container is the caller's effective uid and gid on the host.
            ProcessIdentity caller = ProcessIdentity.current();
            spec = DefaultSpec.rootless(caller.uid(), caller.gid());
        } else {
            spec = DefaultSpec.create();
        }
        byte[] json = OciJson.write(spec, true);
        Path config = request.bundle().resolve(CONFIG);
        try {
            // CREATE_NEW is O_EXCL: no window between "does it exist" and the write, and no following a
            // symlink planted where config.json should be.
            Files.write(config, json, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw CommandError.failed("File " + CONFIG + " exists. Remove it first");
        } catch (IOException e) {
            throw CommandError.io("write " + config, e);
        }
    }
}
