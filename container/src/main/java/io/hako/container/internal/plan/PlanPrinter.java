package io.hako.container.internal.plan;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Prints a plan one operation a line, exactly as the stage's {@code --print} does: the name, then each field
 * (numbers in decimal, i64 signed, strings quoted with C escapes, lists in brackets, bytes as a count).
 */
public final class PlanPrinter {
    private PlanPrinter() {}

    public static String print(Plan plan) {
        StringBuilder out = new StringBuilder();
        for (Op op : plan.ops()) {
            out.append(op.code().label());
            String signature = op.code().signature();
            for (int i = 0; i < signature.length(); i++) {
                Object field = op.fields().get(i);
                out.append(' ');
                switch (signature.charAt(i)) {
                    case 'u' -> out.append(Integer.toUnsignedString((Integer) field));
                    case 'U' -> out.append(Long.toUnsignedString((Long) field));
                    case 'I' -> out.append((long) (Long) field);
                    case 's' -> quote(out, (String) field);
                    case 'b' -> out.append('<').append(((byte[]) field).length).append(" bytes>");
                    case 'S' -> {
                        out.append('[');
                        List<?> strings = (List<?>) field;
                        for (int j = 0; j < strings.size(); j++) {
                            if (j > 0) {
                                out.append(' ');
                            }
                            quote(out, (String) strings.get(j));
                        }
                        out.append(']');
                    }
                    case 'L' -> {
                        out.append('[');
                        List<?> numbers = (List<?>) field;
                        for (int j = 0; j < numbers.size(); j++) {
                            if (j > 0) {
                                out.append(' ');
                            }
                            out.append(Integer.toUnsignedString((Integer) numbers.get(j)));
                        }
                        out.append(']');
                    }
                    default -> throw new IllegalStateException("bad signature of " + op.code());
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** {@code s} quoted as the stage quotes it. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        quote(out, s);
        return out.toString();
    }

    /** Quotes the UTF-8 bytes of {@code s} as the stage does: printable bytes as they are, C escapes otherwise. */
    private static void quote(StringBuilder out, String s) {
        out.append('"');
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            String escape = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\t' -> "\\t";
                default -> c < 0x20 || c == 0x7f ? String.format("\\x%02x", c) : null;
            };
            if (escape != null) {
                out.append(new String(bytes, start, i - start, StandardCharsets.UTF_8)).append(escape);
                start = i + 1;
            }
        }
        out.append(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
        out.append('"');
    }
}
