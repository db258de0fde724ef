package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;

/**
 * The user a process runs as.
 *
 * @param uid the user id in the container (required on Linux)
 * @param gid the group id in the container (required on Linux)
 * @param umask the umask; absent keeps the runtime's default (0022)
 * @param additionalGids supplementary group ids
 * @param username the user name (Windows only)
 * @param unknown fields the model does not know, kept as they were read
 */
public record User(
        @Json(num = Json.Num.UINT32) Long uid,
        @Json(num = Json.Num.UINT32) Long gid,
        @Json(num = Json.Num.UINT32) Long umask,
        @Json(num = Json.Num.UINT32) List<Long> additionalGids,
        String username,
        UnknownFields unknown) {
    /** Keeps unmodifiable copies of the lists; takes null unknown fields for none. */
    public User {
        additionalGids = Copies.list(additionalGids);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code uid} replaced}
     *
     * @param uid the new value, {@code null} for absent
     */
    public User withUid(Long uid) {
        return new User(uid, gid, umask, additionalGids, username, unknown);
    }

    /**
     * {@return a copy with {@code gid} replaced}
     *
     * @param gid the new value, {@code null} for absent
     */
    public User withGid(Long gid) {
        return new User(uid, gid, umask, additionalGids, username, unknown);
    }

    /**
     * {@return a copy with {@code umask} replaced}
     *
     * @param umask the new value, {@code null} for absent
     */
    public User withUmask(Long umask) {
        return new User(uid, gid, umask, additionalGids, username, unknown);
    }

    /**
     * {@return a copy with {@code additionalGids} replaced}
     *
     * @param additionalGids the new value, {@code null} for absent
     */
    public User withAdditionalGids(List<Long> additionalGids) {
        return new User(uid, gid, umask, additionalGids, username, unknown);
    }

    /**
     * {@return a copy with {@code username} replaced}
     *
     * @param username the new value, {@code null} for absent
     */
    public User withUsername(String username) {
        return new User(uid, gid, umask, additionalGids, username, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public User withUnknown(UnknownFields unknown) {
        return new User(uid, gid, umask, additionalGids, username, unknown);
    }
}
