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
 */
public record User(
        @Json(num = Json.Num.UINT32) Long uid,
        @Json(num = Json.Num.UINT32) Long gid,
        @Json(num = Json.Num.UINT32) Long umask,
        @Json(num = Json.Num.UINT32) List<Long> additionalGids,
        String username,
        UnknownFields unknown) {
    public User {
        additionalGids = Copies.list(additionalGids);
        unknown = UnknownFields.orNone(unknown);
    }
}
