package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;

/**
 * The seccomp filter.
 *
 * @param defaultAction the action for syscalls no rule matches (required)
 * @param defaultErrnoRet the errno of a default {@code SCMP_ACT_ERRNO}
 * @param architectures the architectures the filter covers
 * @param flags flags for {@code seccomp(2)}
 * @param listenerPath the unix socket that receives the notify fd
 * @param listenerMetadata opaque data sent with the notify fd
 * @param syscalls the rules
 */
public record Seccomp(
        @Json(required = true) String defaultAction,
        @Json(num = Json.Num.UINT32) Long defaultErrnoRet,
        List<String> architectures,
        List<String> flags,
        String listenerPath,
        String listenerMetadata,
        List<Syscall> syscalls,
        UnknownFields unknown) {
    public Seccomp {
        Copies.required(defaultAction, "defaultAction");
        architectures = Copies.list(architectures);
        flags = Copies.list(flags);
        syscalls = Copies.list(syscalls);
        unknown = UnknownFields.orNone(unknown);
    }
}
