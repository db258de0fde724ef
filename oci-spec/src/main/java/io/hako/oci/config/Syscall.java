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
 * @param unknown fields the model does not know, kept as they were read
 */
public record Syscall(
        @Json(required = true) List<String> names,
        @Json(required = true) String action,
        @Json(num = Json.Num.UINT32) Long errnoRet,
        List<SyscallArg> args,
        UnknownFields unknown) {
    /**
     * Refuses a null {@code names} or a null {@code action}; keeps unmodifiable copies of the lists; takes null
     * unknown fields for none.
     */
    public Syscall {
        Copies.required(names, "names");
        Copies.required(action, "action");
        names = Copies.list(names);
        args = Copies.list(args);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code names} replaced}
     *
     * @param names the new value (required)
     */
    public Syscall withNames(List<String> names) {
        return new Syscall(names, action, errnoRet, args, unknown);
    }

    /**
     * {@return a copy with {@code action} replaced}
     *
     * @param action the new value (required)
     */
    public Syscall withAction(String action) {
        return new Syscall(names, action, errnoRet, args, unknown);
    }

    /**
     * {@return a copy with {@code errnoRet} replaced}
     *
     * @param errnoRet the new value, {@code null} for absent
     */
    public Syscall withErrnoRet(Long errnoRet) {
        return new Syscall(names, action, errnoRet, args, unknown);
    }

    /**
     * {@return a copy with {@code args} replaced}
     *
     * @param args the new value, {@code null} for absent
     */
    public Syscall withArgs(List<SyscallArg> args) {
        return new Syscall(names, action, errnoRet, args, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Syscall withUnknown(UnknownFields unknown) {
        return new Syscall(names, action, errnoRet, args, unknown);
    }
}
