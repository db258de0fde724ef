package io.hako.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.config.Spec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile documents: each is refused with one short line naming the field — never a stack overflow, an
 * out-of-memory error or a message the size of the document — or read when it is merely large.
 */
class ParserLimitsTest {
    private static final String HEAD = "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}, \"process\": "
            + "{\"cwd\": \"/\", \"args\": [\"true\"], \"user\": {\"uid\": 0, \"gid\": 0}}";

    private static DocumentException refused(byte[] json) {
        return assertThrows(DocumentException.class, () -> OciJson.readSpec(json));
    }

    private static void oneShortLine(String message) {
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.length() < 300, "a short message, not " + message.length() + " characters");
    }

    @Test
    void nestingAHundredThousandDeepIsRefusedAtItsField() {
        String json = HEAD + ", \"annotations\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        DocumentException e = refused(json.getBytes(StandardCharsets.UTF_8));

        assertEquals("/annotations", e.pointer());
        assertTrue(e.reason().startsWith("not JSON: nested deeper than 500 arrays and objects at line 1, column "),
                e.getMessage());
        oneShortLine(e.getMessage());
    }

    @Test
    void nestingWithinTheLimitIsOnlyJson() {
        // Other platforms' sections are kept as they are, however deep, up to the limit.
        String json = HEAD + ", \"windows\": " + "[".repeat(499) + "]".repeat(499) + "}";
        Spec spec = assertDoesNotThrow(json);
        assertEquals("1.2.0", spec.ociVersion());
    }

    private static Spec assertDoesNotThrow(String json) {
        try {
            return OciJson.readSpec(json.getBytes(StandardCharsets.UTF_8));
        } catch (DocumentException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }

    @Test
    void aByteThatIsNotUtf8IsRefusedAtItsString() throws Exception {
        var json = new ByteArrayOutputStream();
        json.write(("{\"ociVersion\": \"1.2.0\", \"process\": {\"cwd\": \"/\", \"args\": [\"tr").getBytes(
                StandardCharsets.UTF_8));
        json.write(0xff);
        json.write("ue\"]}}".getBytes(StandardCharsets.UTF_8));

        DocumentException e = refused(json.toByteArray());

        assertEquals("/process/args/0", e.pointer());
        assertTrue(e.reason().startsWith("not JSON: Invalid UTF-8 start byte 0xff"), e.getMessage());
        oneShortLine(e.getMessage());
    }

    @Test
    void twentyMegabytesOfAnnotationIsRead() {
        String big = "x".repeat(20 << 20);
        Spec spec = assertDoesNotThrow(HEAD + ", \"annotations\": {\"big\": \"" + big + "\"}}");
        assertEquals(big.length(), spec.annotations().get("big").length());
        assertEquals(List.of(), SpecValidator.validate(spec));
    }

    @Test
    void twentyMegabytesWhereTheKernelTakesLittleAreRefusedInOneLine() {
        String big = "x".repeat(20 << 20);
        Spec spec = assertDoesNotThrow(HEAD + ", \"hostname\": \"" + big + "\", \"linux\": {\"namespaces\": "
                + "[{\"type\": \"uts\"}]}}");
        spec = spec.editProcess(p -> p.withEnv("BIG", big).withArgs("echo", big));

        List<Violation> violations = SpecValidator.validate(spec);

        assertEquals(List.of("/process/args/1", "/process/env/0", "/hostname"),
                violations.stream().map(Violation::pointer).toList(), violations::toString);
        assertEquals("is 20971520 bytes, and the kernel takes at most 64", violations.get(2).message());
        assertEquals("is 20971524 bytes, and the kernel takes at most 131071 in one argument or environment string",
                violations.get(1).message());
        violations.forEach(v -> oneShortLine(v.toString()));
    }

    @Test
    void theLongestNamesAndArgumentsTheKernelTakesAreValid() {
        Spec spec = assertDoesNotThrow(HEAD + ", \"hostname\": \"" + "h".repeat(64) + "\", \"linux\": "
                + "{\"namespaces\": [{\"type\": \"uts\"}]}}")
                .editProcess(p -> p.withArgs("echo", "a".repeat(SpecValidator.MAX_ARGUMENT_BYTES - 1)));
        assertEquals(List.of(), SpecValidator.validate(spec));
        // 43 690 three-byte characters are 131 070 bytes; one more is too many.
        Spec wide = spec.editProcess(p -> p.withArgs("echo", "€".repeat(43_691)));
        assertEquals(List.of("/process/args/1"), SpecValidator.validate(wide).stream().map(Violation::pointer).toList());
    }

    @Test
    void aLongValueInAMessageIsCutShort() {
        Spec spec = assertDoesNotThrow(HEAD + "}").editProcess(p -> p.withCwd("x".repeat(1 << 20)));
        List<Violation> violations = SpecValidator.validate(spec);
        assertEquals(1, violations.size());
        assertEquals("/process/cwd: must be an absolute path, got \"" + "x".repeat(60) + "...\"",
                violations.get(0).toString());
    }
}
