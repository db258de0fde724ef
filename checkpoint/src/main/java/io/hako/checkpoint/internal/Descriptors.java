package io.hako.checkpoint.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * What the init's standard streams were at the dump, kept beside the images in {@code descriptors.json} (runc's
 * file and form: a JSON array of the {@code /proc/<pid>/fd/N} links, 0 to 2). A pipe (an engine's, a caller's) is
 * gone by the restore; CRIU is told to give the restored process the restoring caller's stream in its place.
 */
public final class Descriptors {
    static final String FILE = "descriptors.json";
    private static final JsonFactory JSON = new JsonFactory();

    private Descriptors() {}

    /**
     * The init's standard streams now.
     *
     * @param pid the init
     * @return the links of its descriptors 0-2, in order
     * @throws IOException when they cannot be read
     */
    public static List<String> of(int pid) throws IOException {
        List<String> links = new ArrayList<>();
        for (int fd = 0; fd < 3; fd++) {
            links.add(Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/" + fd)).toString());
        }
        return links;
    }

    /**
     * Writes them into the image directory.
     *
     * @param images the image directory
     * @param links the links, from {@link #of}
     * @throws IOException when the file cannot be written
     */
    public static void write(Path images, List<String> links) throws IOException {
        var out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartArray();
            for (String link : links) {
                json.writeString(link);
            }
            json.writeEndArray();
        }
        Files.write(images.resolve(FILE), out.toByteArray());
    }

    /**
     * Reads them back from the image directory.
     *
     * @param images the image directory
     * @return the links, in order
     * @throws IOException when the file is missing or not an array of strings
     */
    public static List<String> read(Path images) throws IOException {
        Path file = images.resolve(FILE);
        List<String> links = new ArrayList<>();
        try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), Files.readAllBytes(file))) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException(file + ": not an array");
            }
            for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
                if (token != JsonToken.VALUE_STRING) {
                    throw new IOException(file + ": not an array of strings");
                }
                links.add(json.getString());
            }
        } catch (JacksonException e) {
            throw new IOException(file + ": " + e.getOriginalMessage(), e);
        }
        return links;
    }

    /**
     * What CRIU is to hand the restored processes in place of the dumped pipes: each pipe's key to the number
     * (the standard stream) at which CRIU has the restoring caller's stream.
     *
     * @param links the dumped links
     * @return key to descriptor, pipes only
     */
    public static List<Map.Entry<String, Integer>> inherited(List<String> links) {
        List<Map.Entry<String, Integer>> inherited = new ArrayList<>();
        for (int fd = 0; fd < links.size(); fd++) {
            if (links.get(fd).startsWith("pipe:")) {
                inherited.add(Map.entry(links.get(fd), fd));
            }
        }
        return inherited;
    }
}
