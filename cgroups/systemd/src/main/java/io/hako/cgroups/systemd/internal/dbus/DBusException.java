package io.hako.cgroups.systemd.internal.dbus;

/**
 * A D-Bus failure: an error reply ({@link #name()} is its error name, {@code org.freedesktop.systemd1.NoSuchUnit}),
 * or the connection failing ({@link #name()} is null).
 */
public final class DBusException extends Exception {
    private final String name;

    public DBusException(String name, String message) {
        super(name == null ? message : name + ": " + message);
        this.name = name;
    }

    public DBusException(String message, Throwable cause) {
        super(message, cause);
        this.name = null;
    }

    /** The error reply's name, or null when the connection itself failed. */
    public String name() {
        return name;
    }
}
