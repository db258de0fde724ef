package io.hako.security;

/**
 * A security module setting that cannot be honoured, with the JSON pointer of the field that asks for it; or a
 * module asked for by a name that no provider has.
 */
public class SecurityModuleException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The JSON pointer of the field at fault, or null. */
    private final String pointer;

    /**
     * An error about a field of the configuration; the message reads {@code pointer: message}.
     *
     * @param pointer the JSON pointer of the field, {@code /process/apparmorProfile}
     * @param message why it cannot be honoured
     */
    public SecurityModuleException(String pointer, String message) {
        super(pointer + ": " + message);
        this.pointer = pointer;
    }

    /**
     * An error about no field of the configuration.
     *
     * @param message what went wrong
     */
    public SecurityModuleException(String message) {
        super(message);
        this.pointer = null;
    }

    /**
     * The JSON pointer of the field at fault.
     *
     * @return the pointer, or {@code null} when the error is about no field
     */
    public String pointer() {
        return pointer;
    }
}
