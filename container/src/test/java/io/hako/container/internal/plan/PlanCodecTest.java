package io.hako.container.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Test;

/** The plan's two halves agree: Java encodes, the C stage decodes and prints the same text. */
class PlanCodecTest {
    private static Stage stage;

    @BeforeContainer
    static void startStage() throws Exception {
        stage = new Stage();
    }

    private static Stage stage() throws Exception {
        if (stage == null) {
            stage = new Stage(); // JUnit (not jqwik) tests run without the jqwik lifecycle hooks
        }
        return stage;
    }

    @Test
    void javaAndCHaveTheSameOperationTable() throws Exception {
        StringBuilder expected = new StringBuilder();
        for (OpCode code : OpCode.values()) {
            expected.append(code.tag()).append(' ').append(code.label()).append(' ').append(code.signature())
                    .append('\n');
        }
        var result = stage().run("--list-ops", new byte[0]);
        assertEquals(0, result.exit(), result.err());
        assertEquals(expected.toString(), result.out());
    }

    @Property(tries = 150)
    void theStagePrintsWhatJavaEncoded(@ForAll("plans") Plan plan) throws Exception {
        var result = stage().run("--print", PlanEncoder.encode(plan));
        assertEquals(0, result.exit(), result.err());
        assertEquals(PlanPrinter.print(plan), result.out());
    }

    @Test
    void everyTruncationIsAnErrorNotACrash() throws Exception {
        byte[] full = PlanEncoder.encode(sample());
        for (int length = 0; length < full.length; length++) {
            var result = stage().run("--print", Arrays.copyOf(full, length));
            assertEquals(1, result.exit(), "truncated to " + length + ": " + result.err());
            assertTrue(result.err().startsWith("hako-stage: plan: at byte "), result.err());
        }
    }

    @Test
    void malformedHeadersAndOperationsAreRefusedWithTheReason() throws Exception {
        byte[] good = PlanEncoder.encode(sample());
        assertRefused(patch(good, 0, 'X'), "not a plan");
        assertRefused(patch(good, 4, 2), "plan version 2, this stage reads 1");
        assertRefused(patch(good, 6, 1), "unknown plan flags");
        assertRefused(patch(good, 12, 99), "unknown tag 99");
        assertRefused(patch(good, 14, 1), "reserved bits set");
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertRefused(longer, "3 bytes after the last operation");
        // An op whose declared length is larger than its fields.
        byte[] padded = PlanEncoder.encode(new Plan(List.of(Op.of(OpCode.UMASK, 022))));
        byte[] withSlack = Arrays.copyOf(padded, padded.length + 2);
        ByteBuffer.wrap(withSlack).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 6);
        assertRefused(withSlack, "2 unread bytes");
        // A string claiming more bytes than the op holds.
        byte[] hostname = PlanEncoder.encode(new Plan(List.of(Op.of(OpCode.HOSTNAME, "box"))));
        ByteBuffer.wrap(hostname).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 1000);
        assertRefused(hostname, "truncated");
        // A NUL inside a string would let C and Java disagree on the path.
        byte[] nul = hostname.clone();
        ByteBuffer.wrap(nul).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 3);
        nul[25] = 0;
        assertRefused(nul, "NUL byte inside a string");
    }

    @Test
    void operationsCheckTheirFieldsAgainstTheSignature() {
        assertThrows(IllegalArgumentException.class, () -> Op.of(OpCode.HOSTNAME));
        assertThrows(IllegalArgumentException.class, () -> Op.of(OpCode.HOSTNAME, 42));
        assertThrows(IllegalArgumentException.class, () -> Op.of(OpCode.CHDIR, "/a\0b", 0));
        assertThrows(IllegalArgumentException.class, () -> Op.of(OpCode.RLIMIT, 7, 1L, 2));
    }

    private static void assertRefused(byte[] plan, String reason) throws Exception {
        var result = stage().run("--print", plan);
        assertEquals(1, result.exit(), result.out());
        assertTrue(result.err().contains(reason), "expected \"" + reason + "\" in: " + result.err());
    }

    private static byte[] patch(byte[] data, int offset, int value) {
        byte[] copy = data.clone();
        copy[offset] = (byte) value;
        return copy;
    }

    static Plan sample() {
        return new Plan(List.of(
                Op.of(OpCode.UNSHARE, 0x20000000),
                Op.of(OpCode.FORK_INIT),
                Op.of(OpCode.MOUNT, "proc", "/proc", "proc", 0xeL, "", 1, 0),
                Op.of(OpCode.GROUPS, List.of(1, 2, 10)),
                Op.of(OpCode.OOM_SCORE_ADJ, -500L),
                Op.of(OpCode.SECCOMP, 0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
                Op.of(OpCode.FIND_EXECUTABLE, "sh", List.of("PATH=/bin")),
                Op.of(OpCode.EXEC, List.of("sh", "-c", "echo \"hi\"\n"), List.of("PATH=/bin"))));
    }

    @Provide
    Arbitrary<Plan> plans() {
        return op().list().ofMaxSize(12).map(Plan::new);
    }

    static Arbitrary<Op> op() {
        return Arbitraries.of(OpCode.values()).flatMap(code -> {
            List<Arbitrary<Object>> fields = new ArrayList<>();
            for (char type : code.signature().toCharArray()) {
                fields.add(field(type).map(value -> (Object) value));
            }
            if (fields.isEmpty()) {
                return Arbitraries.just(new Op(code, List.of()));
            }
            return Combinators.combine(fields).as(values -> new Op(code, values));
        });
    }

    private static Arbitrary<?> field(char type) {
        Arbitrary<String> text = Arbitraries.strings().all().excludeChars('\0').ofMaxLength(40)
                .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)));
        return switch (type) {
            case 'u' -> Arbitraries.integers().between(Integer.MIN_VALUE, Integer.MAX_VALUE);
            case 'U', 'I' -> Arbitraries.longs().between(Long.MIN_VALUE, Long.MAX_VALUE);
            case 's' -> text;
            case 'b' -> Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
            case 'S' -> text.list().ofMaxSize(6);
            case 'L' -> Arbitraries.integers().between(Integer.MIN_VALUE, Integer.MAX_VALUE).list().ofMaxSize(6);
            default -> throw new IllegalArgumentException("signature letter " + type);
        };
    }
}
