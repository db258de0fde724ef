package io.hako.checkpoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** descriptors.json: written at the dump, read at the restore, its pipes handed on. */
class DescriptorsTest {
    @TempDir
    Path images;

    @Test
    void theLinksComeBackAsWritten() throws IOException {
        List<String> links = List.of("pipe:[42]", "/dev/null", "socket:[7] \"quoted\"");
        Descriptors.write(images, links);
        assertEquals(links, Descriptors.read(images));
        assertEquals("[\"pipe:[42]\",\"/dev/null\",\"socket:[7] \\\"quoted\\\"\"]",
                Files.readString(images.resolve("descriptors.json")));
    }

    @Test
    void onlyPipesAreInheritedAtTheirStreamsNumber() {
        assertEquals(List.of(Map.entry("pipe:[1]", 0), Map.entry("pipe:[2]", 2)),
                Descriptors.inherited(List.of("pipe:[1]", "/dev/pts/0", "pipe:[2]")));
    }

    @Test
    void aMissingOrBrokenFileIsAnError() throws IOException {
        assertThrows(IOException.class, () -> Descriptors.read(images));
        Files.writeString(images.resolve("descriptors.json"), "{\"a\": 1}");
        assertThrows(IOException.class, () -> Descriptors.read(images));
        Files.writeString(images.resolve("descriptors.json"), "[1]");
        assertThrows(IOException.class, () -> Descriptors.read(images));
    }

    @Test
    void thisProcessStreamsAreRead() throws IOException {
        assertEquals(3, Descriptors.of((int) ProcessHandle.current().pid()).size());
    }
}
