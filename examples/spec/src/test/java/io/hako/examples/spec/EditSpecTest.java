package io.hako.examples.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.oci.OciJson;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditSpecTest {
    @Test
    void writesTheDefaultSpecWithNewArguments(@TempDir Path bundle) throws Exception {
        Output output = Output.of(EditSpec::run, bundle.toString(), "echo", "hi");

        assertEquals(new Output(0, "wrote " + bundle.resolve("config.json") + "\n", ""), output);
        assertEquals(List.of("echo", "hi"), OciJson.readSpec(bundle.resolve("config.json")).process().args());
    }

    @Test
    void withoutABundleSaysHowToCallIt() throws Exception {
        assertEquals(new Output(2, "", "usage: EditSpec BUNDLE [ARG...]\n"), Output.of(EditSpec::run));
    }
}
