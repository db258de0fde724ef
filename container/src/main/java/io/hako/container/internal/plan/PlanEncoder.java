package io.hako.container.internal.plan;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a plan in the stage's wire format (see {@code container/src/main/c/plan.h}): a header with magic,
 * version and count, then each operation as tag, length and its fields, little-endian.
 */
public final class PlanEncoder {
    static final int MAGIC = 0x4c504b48; // "HKPL"
    static final int VERSION = 1;

    private PlanEncoder() {}

    public static byte[] encode(Plan plan) {
        var out = new ByteArrayOutputStream(1024);
        writeInt(out, MAGIC);
        writeShort(out, VERSION);
        writeShort(out, 0);
        writeInt(out, plan.ops().size());
        for (Op op : plan.ops()) {
            byte[] payload = payload(op);
            writeShort(out, op.code().tag());
            writeShort(out, 0);
            writeInt(out, payload.length);
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    private static byte[] payload(Op op) {
        var out = new ByteArrayOutputStream(64);
        String signature = op.code().signature();
        for (int i = 0; i < signature.length(); i++) {
            Object field = op.fields().get(i);
            switch (signature.charAt(i)) {
                case 'u' -> writeInt(out, (Integer) field);
                case 'U', 'I' -> writeLong(out, (Long) field);
                case 's' -> writeBytes(out, ((String) field).getBytes(StandardCharsets.UTF_8));
                case 'b' -> writeBytes(out, (byte[]) field);
                case 'S' -> {
                    List<?> strings = (List<?>) field;
                    writeInt(out, strings.size());
                    for (Object s : strings) {
                        writeBytes(out, ((String) s).getBytes(StandardCharsets.UTF_8));
                    }
                }
                case 'L' -> {
                    List<?> numbers = (List<?>) field;
                    writeInt(out, numbers.size());
                    for (Object n : numbers) {
                        writeInt(out, (Integer) n);
                    }
                }
                default -> throw new IllegalStateException("bad signature of " + op.code());
            }
        }
        return out.toByteArray();
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        writeInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value & 0xff);
        out.write((value >>> 8) & 0xff);
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    private static void writeLong(ByteArrayOutputStream out, long value) {
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }
}
