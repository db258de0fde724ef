package io.hako.examples.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.oci.DefaultSpec;
import io.hako.oci.OciJson;
import io.hako.oci.config.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateBundleTest {
    @TempDir
    Path bundle;

    private Path write(Spec spec) throws Exception {
        Path config = bundle.resolve("config.json");
        Files.write(config, OciJson.write(spec, true));
        return config;
    }

    @Test
    void summarisesAValidBundle() throws Exception {
        Files.createDirectory(bundle.resolve("rootfs"));
        Spec spec = DefaultSpec.create();
        Path config = write(spec);

        Output output = Output.of(ValidateBundle::run, bundle.toString());

        assertEquals(0, output.status(), output.err());
        assertEquals(String.join("\n",
                config + ": valid, runtime-spec " + spec.ociVersion(),
                "process: sh (uid 0, gid 0, terminal)",
                "root: rootfs (read-only)",
                "mounts: " + spec.mounts().size(),
                "namespaces: pid network ipc uts mount cgroup") + "\n", output.out());
    }

    @Test
    void namesTheFieldOfEveryBrokenRule() throws Exception {
        Spec spec = DefaultSpec.create();
        Path config = write(spec.withProcess(spec.process().withArgs(List.of())));

        Output output = Output.of(ValidateBundle::run, bundle.toString());

        assertEquals(1, output.status());
        assertEquals("", output.out());
        List<String> lines = output.err().lines().toList();
        assertEquals(2, lines.size(), output.err());
        assertEquals(config + ": /process/args: ", lines.get(0).substring(0, (config + ": /process/args: ").length()));
        assertEquals(config + ": /root/path: no directory " + bundle.resolve("rootfs"), lines.get(1));
    }

    @Test
    void aDocumentThatDoesNotBindIsOneLineNamingItsField() throws Exception {
        Files.createDirectory(bundle.resolve("rootfs"));
        Path config = bundle.resolve("config.json");
        Files.writeString(config, "{\"ociVersion\": \"1.2.0\", \"process\": {\"args\": \"sh\"}}",
                StandardCharsets.UTF_8);

        Output output = Output.of(ValidateBundle::run, bundle.toString());

        assertEquals(1, output.status());
        assertEquals(1, output.err().lines().count(), output.err());
        assertEquals(true, output.err().startsWith(config + ": /process/args"), output.err());
    }
}
