package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;

/**
 * A condition on one syscall argument.
 *
 * @param index the argument's index
 * @param value the value compared with
 * @param valueTwo the second value ({@code SCMP_CMP_MASKED_EQ} compares {@code arg & value == valueTwo})
 * @param op {@code SCMP_CMP_EQ}, ... (required)
 * @param unknown fields the model does not know, kept as they were read
 */
public record SyscallArg(
        @Json(num = Json.Num.UINT32) long index,
        @Json(num = Json.Num.UINT64) long value,
        @Json(num = Json.Num.UINT64) Long valueTwo,
        @Json(required = true) String op,
        UnknownFields unknown) {
    /** Refuses a null {@code op}; takes null unknown fields for none. */
    public SyscallArg {
        Copies.required(op, "op");
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code index} replaced}
     *
     * @param index the new value
     */
    public SyscallArg withIndex(long index) {
        return new SyscallArg(index, value, valueTwo, op, unknown);
    }

    /**
     * {@return a copy with {@code value} replaced}
     *
     * @param value the new value
     */
    public SyscallArg withValue(long value) {
        return new SyscallArg(index, value, valueTwo, op, unknown);
    }

    /**
     * {@return a copy with {@code valueTwo} replaced}
     *
     * @param valueTwo the new value, {@code null} for absent
     */
    public SyscallArg withValueTwo(Long valueTwo) {
        return new SyscallArg(index, value, valueTwo, op, unknown);
    }

    /**
     * {@return a copy with {@code op} replaced}
     *
     * @param op the new value (required)
     */
    public SyscallArg withOp(String op) {
        return new SyscallArg(index, value, valueTwo, op, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public SyscallArg withUnknown(UnknownFields unknown) {
        return new SyscallArg(index, value, valueTwo, op, unknown);
    }
}
