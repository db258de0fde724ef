package io.hako.oci;

/**
 * A rule of the runtime spec that a document breaks.
 *
 * @param pointer the JSON pointer (RFC 6901) of the field at fault, {@code ""} for the whole document
 * @param message why, in a few words
 */
public record Violation(String pointer, String message) {
    @Override
    public String toString() {
        return pointer.isEmpty() ? message : pointer + ": " + message;
    }
}
