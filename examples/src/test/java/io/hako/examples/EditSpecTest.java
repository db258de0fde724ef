package io.hako.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.oci.OciJson;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditSpecTest {
    @Test
    void writesTheDefaultSpecWithNewArguments(@TempDir Path bundle) throws Exception {
        EditSpec.main(new String[] {bundle.toString(), "echo", "hi"});
        var spec = OciJson.readSpec(bundle.resolve("config.json"));
        assertEquals(java.util.List.of("echo", "hi"), spec.process().args());
    }
}
