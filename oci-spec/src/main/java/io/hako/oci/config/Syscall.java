package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;

/**
 * A seccomp rule: the action for the named syscalls when all argument conditions hold.
 *
 * @param names syscall names (required, at least one)
 * @param action the action (required)
 * @param errnoRet the errno of {@code SCMP_ACT_ERRNO}
 * @param args argument conditions, all of which must hold
 */
public record Syscall(
        @Json(required = true) List<String> names,
        @Json(required = true) String action,
        @Json(num = Json.Num.UINT32) Long errnoRet,
        List<SyscallArg> args,
        UnknownFields unknown) {
    public Syscall {
        Copies.required(names, "names");
        Copies.required(action, "action");
        names = Copies.list(names);
        args = Copies.list(args);
        unknown = UnknownFields.orNone(unknown);
    }
}
