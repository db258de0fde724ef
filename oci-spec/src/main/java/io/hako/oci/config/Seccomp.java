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
 * @param unknown fields the model does not know, kept as they were read
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
    /**
     * Refuses a null {@code defaultAction}; keeps unmodifiable copies of the lists; takes null unknown fields for none.
     */
    public Seccomp {
        Copies.required(defaultAction, "defaultAction");
        architectures = Copies.list(architectures);
        flags = Copies.list(flags);
        syscalls = Copies.list(syscalls);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code defaultAction} replaced}
     *
     * @param defaultAction the new value (required)
     */
    public Seccomp withDefaultAction(String defaultAction) {
        return new Seccomp(defaultAction, defaultErrnoRet, architectures, flags, listenerPath, listenerMetadata,
                syscalls, unknown);
    }

    /**
     * {@return a copy with {@code defaultErrnoRet} replaced}
     *
     * @param defaultErrnoRet the new value, {@code null} for absent
     */
    public Seccomp withDefaultErrnoRet(Long defaultErrnoRet) {
        return new Seccomp(defaultAction, defaultErrnoRet, architectures, flags, listenerPath, listenerMetadata,
                syscalls, unknown);
    }

    /**
     * {@return a copy with {@code architectures} replaced}
     *
     * @param architectures the new value, {@code null} for absent
     */
    public Seccomp withArchitectures(List<String> architectures) {
        return new Seccomp(defaultAction, defaultErrnoRet, architectures, flags, listenerPath, listenerMetadata,
                syscalls, unknown);
    }

    /**
     * {@return a copy with {@code flags} replaced}
     *
     * @param flags the new value, {@code null} for absent
     */
    public Seccomp withFlags(List<String> flags) {
        return new Seccomp(defaultAction, defaultErrnoRet, architectures, flags, listenerPath, listenerMetadata,
                syscalls, unknown);
    }

    /**
     * {@return a copy with {@code listenerPath} replaced}
     *
     * @param listenerPath the new value, {@code null} for absent
     */
    public Seccomp withListenerPath(String listenerPath) {
        return new Seccomp(defaultAction, defaultErrnoRet, architectures, flags, listenerPath, listenerMetadata,
                syscalls, unknown);
    }

    /**
     * {@return a copy with {@code listenerMetadata} replaced}
     *
     * @param listenerMetadata the new value, {@code null} for absent
     */
    public Seccomp withListenerMetadata(String listenerMetadata) {
        return new Seccomp(defaultAction, defaultErrnoRet, architectures, flags, listenerPath, listenerMetadata,
                syscalls, unknown);
    }

    /**
     * {@return a copy with {@code syscalls} replaced}
     *
     * @param syscalls the new value, {@code null} for absent
     */
    public Seccomp withSyscalls(List<Syscall> syscalls) {
        return new Seccomp(defaultAction, defaultErrnoRet, architectures, flags, listenerPath, listenerMetadata,
                syscalls, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Seccomp withUnknown(UnknownFields unknown) {
        return new Seccomp(defaultAction, defaultErrnoRet, architectures, flags, listenerPath, listenerMetadata,
                syscalls, unknown);
    }
}
