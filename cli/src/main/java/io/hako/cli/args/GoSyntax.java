package io.hako.cli.args;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

/**
 * The value syntaxes of Go's {@code strconv}, {@code time} and {@code flag} packages, which runc's command
 * line inherits: what it accepts, hako accepts; what it refuses, hako refuses.
 */
public final class GoSyntax {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigDecimal NANOS_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private GoSyntax() {}

    /** Why a value was refused; Go's flag package words these as "parse error" and "value out of range". */
    public static final class SyntaxError extends Exception {
        private SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code strconv.ParseBool}: 1, t, T, TRUE, true, True and their false forms. */
    public static boolean parseBool(String s) throws SyntaxError {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new SyntaxError("parse error");
        };
    }

    /**
     * {@code strconv.ParseInt(s, 0, 64)}: an optional sign, then decimal, {@code 0x}/{@code 0o}/{@code 0b}
     * prefixed or leading-zero octal digits, with underscores allowed between digits.
     */
    public static long parseInt(String s) throws SyntaxError {
        String digits = s;
        boolean negative = false;
        if (!digits.isEmpty() && (digits.charAt(0) == '+' || digits.charAt(0) == '-')) {
            negative = digits.charAt(0) == '-';
            digits = digits.substring(1);
        }
        if (digits.isEmpty()) {
            throw new SyntaxError("parse error");
        }
        int radix = 10;
        if (digits.charAt(0) == '0') {
            char prefix = digits.length() >= 3 ? Character.toLowerCase(digits.charAt(1)) : ' ';
            radix = switch (prefix) {
                case 'b' -> 2;
                case 'o' -> 8;
                case 'x' -> 16;
                default -> 8;
            };
            digits = digits.substring(radix == 8 && prefix != 'o' ? 1 : 2);
        }
        if (digits.indexOf('_') >= 0) {
            if (!underscoresOk(s)) {
                throw new SyntaxError("parse error");
            }
            digits = digits.replace("_", "");
        }
        BigInteger value = BigInteger.ZERO;
        for (int i = 0; i < digits.length(); i++) {
            int digit = Character.digit(digits.charAt(i), radix);
            if (digit < 0 || digits.charAt(i) > 'z') {
                throw new SyntaxError("parse error");
            }
            value = value.multiply(BigInteger.valueOf(radix)).add(BigInteger.valueOf(digit));
        }
        if (negative) {
            value = value.negate();
        }
        if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
            throw new SyntaxError("value out of range");
        }
        return value.longValue();
    }

    /** Go's {@code underscoreOK}: an underscore only between digits, or between a base prefix and a digit. */
    private static boolean underscoresOk(String s) {
        char saw = '^';
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            s = s.substring(1);
        }
        boolean hex = false;
        if (s.length() >= 2 && s.charAt(0) == '0' && "bBoOxX".indexOf(s.charAt(1)) >= 0) {
            i = 2;
            saw = '0';
            hex = Character.toLowerCase(s.charAt(1)) == 'x';
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            char lower = Character.toLowerCase(c);
            if (c >= '0' && c <= '9' || hex && lower >= 'a' && lower <= 'f') {
                saw = '0';
            } else if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
            } else {
                if (saw == '_') {
                    return false;
                }
                saw = '!';
            }
        }
        return saw != '_';
    }

    /**
     * {@code time.ParseDuration}: a signed sequence of decimal numbers, each with an optional fraction and a
     * unit ({@code ns}, {@code us} or {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}); {@code 0} needs
     * no unit.
     */
    public static Duration parseDuration(String s) throws SyntaxError {
        String rest = s;
        boolean negative = false;
        if (!rest.isEmpty() && (rest.charAt(0) == '+' || rest.charAt(0) == '-')) {
            negative = rest.charAt(0) == '-';
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return Duration.ZERO;
        }
        if (rest.isEmpty()) {
            throw new SyntaxError("parse error");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        while (!rest.isEmpty()) {
            int end = 0;
            while (end < rest.length() && (Character.isDigit(rest.charAt(end)) || rest.charAt(end) == '.')) {
                end++;
            }
            String number = rest.substring(0, end);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')
                    || !isAsciiNumber(number)) {
                throw new SyntaxError("parse error");
            }
            rest = rest.substring(end);
            int unitEnd = 0;
            while (unitEnd < rest.length() && rest.charAt(unitEnd) != '.' && !Character.isDigit(rest.charAt(unitEnd))) {
                unitEnd++;
            }
            long unitNanos = switch (rest.substring(0, unitEnd)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new SyntaxError("parse error");
            };
            rest = rest.substring(unitEnd);
            nanos = nanos.add(new BigDecimal(number.startsWith(".") ? "0" + number : number)
                    .multiply(BigDecimal.valueOf(unitNanos)));
            if (nanos.compareTo(NANOS_MAX) > 0) {
                throw new SyntaxError("parse error");
            }
        }
        long total = nanos.longValue();
        return Duration.ofNanos(negative ? -total : total);
    }

    private static boolean isAsciiNumber(String number) {
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code strconv.Quote}: a double-quoted Go string literal, with {@code \"}, {@code \\}, the C escapes, and
     * {@code \xNN} / {@code \\uNNNN} for other control and unprintable characters. Used for flag values in
     * error messages and for logrus's text format.
     */
    public static String quote(String s) {
        var out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (!isPrintable(cp)) {
                        out.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static boolean isPrintable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.SURROGATE,
                    Character.PRIVATE_USE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            case Character.SPACE_SEPARATOR -> cp == ' ';
            default -> true;
        };
    }
}
