package io.hako.cli.request;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory sizes as runc's {@code update} reads them (docker/go-units {@code RAMInBytes}): a number with an
 * optional fraction and an optional binary unit, {@code k}, {@code m}, {@code g}, {@code t}, {@code p}, each
 * optionally followed by {@code i} and {@code b} in any case: {@code 512m}, {@code 1.5GiB}, {@code 1024}.
 */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?");

    private ByteSize() {}

    /** The size in bytes, truncated towards zero as go-units does. */
    public static long parse(String text) throws NumberFormatException {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new NumberFormatException("invalid size: '" + text + "'");
        }
        BigDecimal value = new BigDecimal(m.group(1));
        int shift = m.group(2) == null ? 0 : switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 50;
        };
        BigDecimal bytes = value.multiply(BigDecimal.valueOf(1L << shift));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new NumberFormatException("invalid size: '" + text + "' is too large");
        }
        return bytes.longValue();
    }
}
