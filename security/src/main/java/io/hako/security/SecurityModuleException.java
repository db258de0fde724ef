package io.hako.security;

/** A security module setting that cannot be honoured, with the JSON pointer of the field that asks for it. */
public class SecurityModuleException extends Exception {
    private final String pointer;

    public SecurityModuleException(String pointer, String message) {
        super(pointer + ": " + message);
        this.pointer = pointer;
    }

    public String pointer() {
        return pointer;
    }
}
