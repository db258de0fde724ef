package io.hako.container.internal.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * One operation of a plan: its code and its fields, typed by the code's signature — {@code Integer} holds a u32
 * (as its bits), {@code Long} a u64 or i64, {@code String} a string, {@code List<String>} a list of strings,
 * {@code List<Integer>} a list of u32, {@code byte[]} bytes.
 */
public record Op(OpCode code, List<Object> fields) {
    public Op {
        fields = List.copyOf(fields);
        String signature = code.signature();
        if (fields.size() != signature.length()) {
            throw new IllegalArgumentException(code.label() + " takes " + signature.length() + " fields, got "
                    + fields.size());
        }
        for (int i = 0; i < fields.size(); i++) {
            Object field = fields.get(i);
            boolean ok = switch (signature.charAt(i)) {
                case 'u' -> field instanceof Integer;
                case 'U', 'I' -> field instanceof Long;
                case 's' -> field instanceof String s && s.indexOf('\0') < 0;
                case 'b' -> field instanceof byte[];
                case 'S' -> field instanceof List<?> list && list.stream().allMatch(
                        e -> e instanceof String s && s.indexOf('\0') < 0);
                case 'L' -> field instanceof List<?> list && list.stream().allMatch(e -> e instanceof Integer);
                default -> false;
            };
            if (!ok) {
                throw new IllegalArgumentException(code.label() + " field " + i + " ('" + signature.charAt(i)
                        + "'): unexpected " + (field == null ? "null" : field.getClass().getSimpleName())
                        + " (or a NUL byte in a string)");
            }
        }
    }

    public static Op of(OpCode code, Object... fields) {
        List<Object> list = new ArrayList<>(fields.length);
        for (Object field : fields) {
            list.add(field instanceof byte[] bytes ? bytes.clone() : field);
        }
        return new Op(code, list);
    }
}
