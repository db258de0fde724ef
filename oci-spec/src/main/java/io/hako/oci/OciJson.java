package io.hako.oci;

import io.hako.oci.config.Spec;
import io.hako.oci.features.Features;
import io.hako.oci.internal.Binder;
import io.hako.oci.internal.JsonTree;
import io.hako.oci.state.State;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;

/**
 * Reads and writes the OCI documents: the configuration ({@link Spec}), the state ({@link State}) and the
 * features ({@link Features}), or any record of their models. Field names are the spec's; absent fields are
 * not written; fields the model does not know are kept (see {@link UnknownFields}).
 *
 * <p>Reading checks JSON types and integer ranges and reports the first fault as a {@link DocumentException}
 * with its JSON pointer. The spec's other rules are checked by {@link SpecValidator}.
 */
public final class OciJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private OciJson() {}

    /**
     * Reads a configuration.
     *
     * @param json the document's bytes, UTF-8
     * @return the document
     * @throws DocumentException if it is not JSON, or a field is of the wrong type, out of range or missing
     */
    public static Spec readSpec(byte[] json) throws DocumentException {
        return read(json, Spec.class);
    }

    /**
     * Reads a state document.
     *
     * @param json the document's bytes, UTF-8
     * @return the document
     * @throws DocumentException if it is not JSON, or a field is of the wrong type, out of range or missing
     */
    public static State readState(byte[] json) throws DocumentException {
        return read(json, State.class);
    }

    /**
     * Reads a features document.
     *
     * @param json the document's bytes, UTF-8
     * @return the document
     * @throws DocumentException if it is not JSON, or a field is of the wrong type, out of range or missing
     */
    public static Features readFeatures(byte[] json) throws DocumentException {
        return read(json, Features.class);
    }

    /**
     * Reads any record of the model (a {@link io.hako.oci.config.Resources} for {@code update}, say), or any
     * record built the same way in a module that opens its package to {@code io.hako.oci}.
     *
     * @param <T> the record's type
     * @param json the document's bytes, UTF-8
     * @param type the record's class
     * @return the record
     * @throws DocumentException if it is not JSON, or a field is of the wrong type, out of range or missing
     */
    public static <T extends Record> T read(byte[] json, Class<T> type) throws DocumentException {
        return Binder.fromTree(JsonTree.parse(json), type);
    }

    /**
     * Reads the configuration of a bundle's {@code config.json}. A file that cannot be read is a
     * {@link DocumentException} for the whole document, whose message says why in one line.
     *
     * @param configJson the file
     * @return the configuration
     * @throws DocumentException if the file cannot be read, is not JSON, or a field is of the wrong type, out of
     *     range or missing
     */
    public static Spec readSpec(Path configJson) throws DocumentException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(configJson);
        } catch (NoSuchFileException e) {
            throw new DocumentException("", "cannot read " + configJson + ": no such file or directory");
        } catch (IOException e) {
            throw new DocumentException("", "cannot read " + configJson + ": " + e.getMessage());
        }
        return readSpec(bytes);
    }

    /**
     * {@return a record of the model as compact JSON, UTF-8}
     *
     * @param value the record
     */
    public static byte[] write(Record value) {
        return write(value, false);
    }

    /**
     * {@return a record of the model as JSON, UTF-8, tab-indented like runc's output when {@code pretty}}
     *
     * @param value the record
     * @param pretty whether to indent it, with a final newline
     */
    public static byte[] write(Record value, boolean pretty) {
        var bytes = new ByteArrayOutputStream(4096);
        try (JsonGenerator out = FACTORY.createGenerator(pretty ? PRETTY : ObjectWriteContext.empty(), bytes)) {
            Binder.write(out, value);
        }
        if (pretty) {
            bytes.write('\n');
        }
        return bytes.toByteArray();
    }

    /**
     * {@return a record of the model as pretty-printed JSON}
     *
     * @param value the record
     */
    public static String toPrettyString(Record value) {
        return new String(write(value, true), StandardCharsets.UTF_8);
    }

    private static final ObjectWriteContext PRETTY = new ObjectWriteContext.Base() {
        @Override
        public PrettyPrinter getPrettyPrinter() {
            var indenter = new DefaultIndenter("\t", "\n");
            return new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
                    .withObjectIndenter(indenter)
                    .withArrayIndenter(indenter);
        }

        @Override
        public boolean hasPrettyPrinter() {
            return true;
        }
    };

}
