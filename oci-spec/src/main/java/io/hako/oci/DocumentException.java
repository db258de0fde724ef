package io.hako.oci;

/**
 * A JSON document that cannot be read as the OCI document asked for: not JSON at all, or a field of the
 * wrong type, out of its range, or missing although required. {@link #pointer()} is the JSON pointer
 * (RFC 6901) of the field at fault, empty for the whole document.
 */
public final class DocumentException extends Exception {
    /** The JSON pointer of the field at fault. */
    private final String pointer;
    /** Why, without the pointer. */
    private final String reason;

    /**
     * An error at {@code pointer}; its message is the pointer and the reason.
     *
     * @param pointer the JSON pointer of the field at fault, {@code ""} for the whole document
     * @param reason why, in a few words
     */
    public DocumentException(String pointer, String reason) {
        super((pointer.isEmpty() ? "" : pointer + ": ") + reason);
        this.pointer = pointer;
        this.reason = reason;
    }

    /** {@return the JSON pointer of the field at fault ({@code ""} for the document itself)} */
    public String pointer() {
        return pointer;
    }

    /** {@return why the field is at fault, without the pointer} */
    public String reason() {
        return reason;
    }
}
