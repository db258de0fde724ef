package io.hako.cgroups.systemd.internal.dbus;

import java.util.ArrayList;
import java.util.List;

/** D-Bus type signatures: splitting them into complete types, and the alignment each type needs. Pure. */
public final class Signatures {
    /** The specification's limits: a signature's length, and how deep arrays and structs nest. */
    private static final int MAX_LENGTH = 255;
    private static final int MAX_DEPTH = 32;

    private Signatures() {}

    /** The complete types of {@code signature}, in order; {@code "sa(sv)"} gives {@code s} and {@code a(sv)}. */
    public static List<String> split(String signature) {
        if (signature.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a D-Bus signature is at most " + MAX_LENGTH + " characters, not "
                    + signature.length());
        }
        List<String> types = new ArrayList<>();
        int at = 0;
        while (at < signature.length()) {
            int end = end(signature, at, 0, 0);
            types.add(signature.substring(at, end));
            at = end;
        }
        return types;
    }

    /** Where the complete type that starts at {@code at} ends (exclusive). */
    private static int end(String signature, int at, int arrays, int structs) {
        if (at >= signature.length()) {
            throw new IllegalArgumentException("D-Bus signature \"" + signature + "\" ends inside a type");
        }
        char code = signature.charAt(at);
        switch (code) {
            case 'y', 'b', 'n', 'q', 'i', 'u', 'x', 't', 'd', 'h', 's', 'o', 'g', 'v' -> {
                return at + 1;
            }
            case 'a' -> {
                if (arrays + 1 > MAX_DEPTH) {
                    throw new IllegalArgumentException("D-Bus signature \"" + signature + "\" nests arrays too deep");
                }
                if (at + 1 < signature.length() && signature.charAt(at + 1) == '{') {
                    int key = at + 2;
                    if (key >= signature.length() || !isBasic(signature.charAt(key))) {
                        throw new IllegalArgumentException("D-Bus signature \"" + signature
                                + "\": a dict entry's key must be a basic type");
                    }
                    int value = end(signature, key + 1, arrays + 1, structs + 1);
                    if (value >= signature.length() || signature.charAt(value) != '}') {
                        throw new IllegalArgumentException("D-Bus signature \"" + signature
                                + "\": a dict entry holds exactly a key and a value");
                    }
                    return value + 1;
                }
                return end(signature, at + 1, arrays + 1, structs);
            }
            case '(' -> {
                if (structs + 1 > MAX_DEPTH) {
                    throw new IllegalArgumentException("D-Bus signature \"" + signature + "\" nests structs too deep");
                }
                int field = at + 1;
                if (field < signature.length() && signature.charAt(field) == ')') {
                    throw new IllegalArgumentException("D-Bus signature \"" + signature + "\" has an empty struct");
                }
                while (field < signature.length() && signature.charAt(field) != ')') {
                    field = end(signature, field, arrays, structs + 1);
                }
                if (field >= signature.length()) {
                    throw new IllegalArgumentException("D-Bus signature \"" + signature + "\" does not close a struct");
                }
                return field + 1;
            }
            default -> throw new IllegalArgumentException("D-Bus signature \"" + signature + "\" has '" + code
                    + "' at " + at + ", which is no type");
        }
    }

    /** The types a dict entry's key may have. */
    static boolean isBasic(char code) {
        return "ybnqiuxtdhsog".indexOf(code) >= 0;
    }

    /** The boundary a value of the type starting with {@code code} starts on. */
    static int alignment(char code) {
        return switch (code) {
            case 'y', 'g', 'v' -> 1;
            case 'n', 'q' -> 2;
            case 'b', 'i', 'u', 'h', 's', 'o', 'a' -> 4;
            case 'x', 't', 'd', '(', '{' -> 8;
            default -> throw new IllegalArgumentException("no D-Bus type '" + code + "'");
        };
    }
}
