package io.hako.cgroups.systemd.internal.dbus;

/**
 * A D-Bus variant ({@code v}): a value with its own type. systemd's unit properties are {@code a(sv)}, a name and
 * a variant each.
 *
 * @param signature one complete type, {@code "t"} or {@code "a(sb)"}
 * @param value the value as {@link Wire} maps that type to Java
 */
public record Variant(String signature, Object value) {
    public Variant {
        if (Signatures.split(signature).size() != 1) {
            throw new IllegalArgumentException("a variant holds one complete type, not \"" + signature + "\"");
        }
    }
}
