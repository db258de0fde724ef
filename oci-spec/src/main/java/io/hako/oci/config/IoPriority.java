package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;

/**
 * The I/O priority of a process.
 *
 * @param ioClass {@code IOPRIO_CLASS_RT}, {@code IOPRIO_CLASS_BE} or {@code IOPRIO_CLASS_IDLE} (JSON {@code class})
 * @param priority the priority within the class
 * @param unknown fields the model does not know, kept as they were read
 */
public record IoPriority(
        @Json(value = "class", required = true) String ioClass,
        Integer priority,
        UnknownFields unknown) {
    /** Refuses a null {@code ioClass}; takes null unknown fields for none. */
    public IoPriority {
        Copies.required(ioClass, "class");
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code ioClass} replaced}
     *
     * @param ioClass the new value (required)
     */
    public IoPriority withIoClass(String ioClass) {
        return new IoPriority(ioClass, priority, unknown);
    }

    /**
     * {@return a copy with {@code priority} replaced}
     *
     * @param priority the new value, {@code null} for absent
     */
    public IoPriority withPriority(Integer priority) {
        return new IoPriority(ioClass, priority, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public IoPriority withUnknown(UnknownFields unknown) {
        return new IoPriority(ioClass, priority, unknown);
    }
}
