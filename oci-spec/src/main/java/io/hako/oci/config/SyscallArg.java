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
 */
public record SyscallArg(
        @Json(num = Json.Num.UINT32) long index,
        @Json(num = Json.Num.UINT64) long value,
        @Json(num = Json.Num.UINT64) Long valueTwo,
        @Json(required = true) String op,
        UnknownFields unknown) {
    public SyscallArg {
        Copies.required(op, "op");
        unknown = UnknownFields.orNone(unknown);
    }
}
