package io.hako.cgroups.systemd.internal.dbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The wire format: random typed values survive a round trip at any offset; known bytes match the spec's rules. */
class WireTest {
    @Property(tries = 500)
    void randomValuesSurviveARoundTrip(@ForAll long seed) {
        Random random = new Random(seed);
        String type = randomType(random, 0);
        Object value = randomValue(type, random, 0);
        // A few bytes before the value move it off every alignment boundary in turn.
        int before = random.nextInt(8);
        String signature = "y".repeat(before) + type;
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < before; i++) {
            values.add((byte) i);
        }
        values.add(value);
        byte[] bytes = new Wire.Writer().write(signature, values).toByteArray();
        Wire.Reader reader = new Wire.Reader(bytes, ByteOrder.LITTLE_ENDIAN);
        List<Object> read = reader.read(signature);
        assertEquals(comparable(values), comparable(read), signature);
        assertEquals(bytes.length, reader.position(), "nothing left over for " + signature);
    }

    @Test
    void valuesAreAlignedFromTheStart() {
        // y, then u padded to 4, then t padded to 8, then s: length, bytes, NUL.
        byte[] bytes = new Wire.Writer().write("yuts", List.of((byte) 1, 2, 3L, "ab")).toByteArray();
        assertEquals("01000000" + "02000000" + "0300000000000000" + "02000000" + "616200",
                HexFormat.of().formatHex(bytes));
    }

    @Test
    void anArraysLengthLeavesOutThePaddingBeforeItsFirstElement() {
        // The length (8) counts the one t, not the 4 bytes of padding between the length and it.
        byte[] bytes = new Wire.Writer().write("at", List.of(List.of(5L))).toByteArray();
        assertEquals("08000000" + "00000000" + "0500000000000000", HexFormat.of().formatHex(bytes));
        byte[] empty = new Wire.Writer().write("at", List.of(List.of())).toByteArray();
        assertEquals("0000000000000000", HexFormat.of().formatHex(empty));
    }

    @Test
    void aVariantCarriesItsSignature() {
        byte[] bytes = new Wire.Writer().write("v", List.of(new Variant("b", true))).toByteArray();
        assertEquals("016200" + "00" + "01000000", HexFormat.of().formatHex(bytes));
    }

    @Test
    void valuesThatDoNotFitTheSignatureAreRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Wire.Writer().write("s", List.of(5)));
        assertEquals("D-Bus type \"s\" cannot hold Integer 5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Wire.Writer().write("su", List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> new Wire.Writer().write("s", List.of("a\0b")));
    }

    @Test
    void truncatedOrLyingInputIsAnErrorNotAnOverrun() {
        byte[] bytes = new Wire.Writer().write("as", List.of(List.of("abc", "de"))).toByteArray();
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, length);
            assertThrows(IllegalArgumentException.class,
                    () -> new Wire.Reader(cut, ByteOrder.LITTLE_ENDIAN).read("as"), "cut at " + length);
        }
        byte[] lying = bytes.clone();
        lying[0] = (byte) 0xff; // an array far longer than the bytes
        assertThrows(IllegalArgumentException.class, () -> new Wire.Reader(lying, ByteOrder.LITTLE_ENDIAN).read("as"));
        byte[] badBool = new Wire.Writer().write("u", List.of(2)).toByteArray();
        assertThrows(IllegalArgumentException.class, () -> new Wire.Reader(badBool, ByteOrder.LITTLE_ENDIAN).read("b"));
    }

    @Test
    void bigEndianIsReadToo() {
        byte[] bytes = {0, 0, 0, 7, 0, 0, 0, 1, 'x', 0};
        assertEquals(List.of(7, "x"), new Wire.Reader(bytes, ByteOrder.BIG_ENDIAN).read("us"));
    }

    /** A random complete type, nesting at most three deep. */
    static String randomType(Random random, int depth) {
        String basic = "ybnqiuxtdsog";
        int pick = random.nextInt(depth >= 3 ? 1 : 5);
        return switch (pick) {
            case 0 -> String.valueOf(basic.charAt(random.nextInt(basic.length())));
            case 1 -> "a" + randomType(random, depth + 1);
            case 2 -> "a{" + basic.charAt(random.nextInt(basic.length())) + randomType(random, depth + 1) + "}";
            case 3 -> {
                StringBuilder struct = new StringBuilder("(");
                int fields = 1 + random.nextInt(3);
                for (int i = 0; i < fields; i++) {
                    struct.append(randomType(random, depth + 1));
                }
                yield struct.append(')').toString();
            }
            default -> "v";
        };
    }

    static Object randomValue(String type, Random random, int depth) {
        return switch (type.charAt(0)) {
            case 'y' -> (byte) random.nextInt();
            case 'b' -> random.nextBoolean();
            case 'n', 'q' -> (short) random.nextInt();
            case 'i', 'u' -> random.nextInt();
            case 'x', 't' -> random.nextLong();
            case 'd' -> random.nextDouble();
            case 's' -> randomText(random);
            case 'o' -> "/org/hako/" + Math.abs(random.nextInt());
            case 'g' -> randomType(random, 2);
            case 'v' -> {
                String inner = randomType(random, Math.max(depth, 2));
                yield new Variant(inner, randomValue(inner, random, depth + 1));
            }
            case '(' -> {
                List<Object> fields = new ArrayList<>();
                for (String field : Signatures.split(type.substring(1, type.length() - 1))) {
                    fields.add(randomValue(field, random, depth + 1));
                }
                yield fields;
            }
            case 'a' -> {
                String element = type.substring(1);
                int count = random.nextInt(4);
                if (element.equals("y")) {
                    byte[] raw = new byte[count * 3];
                    random.nextBytes(raw);
                    yield raw;
                }
                if (element.startsWith("{")) {
                    List<String> kv = Signatures.split(element.substring(1, element.length() - 1));
                    Map<Object, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i < count; i++) {
                        map.put(randomValue(kv.get(0), random, depth + 1), randomValue(kv.get(1), random, depth + 1));
                    }
                    yield map;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(randomValue(element, random, depth + 1));
                }
                yield items;
            }
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(random.nextBoolean() ? 'a' + random.nextInt(26) : 0x100 + random.nextInt(0x2000));
        }
        return text.toString();
    }

    /** byte[] compared by content, recursively. */
    static Object comparable(Object value) {
        if (value instanceof byte[] raw) {
            List<Byte> bytes = new ArrayList<>();
            for (byte b : raw) {
                bytes.add(b);
            }
            return bytes;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(WireTest::comparable).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(comparable(k), comparable(v)));
            return out;
        }
        if (value instanceof Variant variant) {
            return new Variant(variant.signature(), comparable(variant.value()));
        }
        return value;
    }

    @Test
    void byteArraysGoOutAsTheyAre() {
        byte[] bytes = new Wire.Writer().write("ay", List.of(new byte[] {1, 2, 3})).toByteArray();
        assertArrayEquals(new byte[] {3, 0, 0, 0, 1, 2, 3}, bytes);
    }
}
