package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;

/**
 * A device node to create in the container.
 *
 * @param type {@code c}, {@code b}, {@code u} or {@code p} (required)
 * @param path its absolute path in the container (required)
 * @param major the major number (required for {@code c}, {@code b} and {@code u})
 * @param minor the minor number (required for {@code c}, {@code b} and {@code u})
 * @param fileMode its permission bits
 * @param uid the owner's uid in the container
 * @param gid the group's gid in the container
 * @param unknown fields the model does not know, kept as they were read
 */
public record Device(
        @Json(required = true) String type,
        @Json(required = true) String path,
        Long major,
        Long minor,
        Integer fileMode,
        @Json(num = Json.Num.UINT32) Long uid,
        @Json(num = Json.Num.UINT32) Long gid,
        UnknownFields unknown) {
    /** Refuses a null {@code type} or a null {@code path}; takes null unknown fields for none. */
    public Device {
        Copies.required(type, "type");
        Copies.required(path, "path");
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code type} replaced}
     *
     * @param type the new value (required)
     */
    public Device withType(String type) {
        return new Device(type, path, major, minor, fileMode, uid, gid, unknown);
    }

    /**
     * {@return a copy with {@code path} replaced}
     *
     * @param path the new value (required)
     */
    public Device withPath(String path) {
        return new Device(type, path, major, minor, fileMode, uid, gid, unknown);
    }

    /**
     * {@return a copy with {@code major} replaced}
     *
     * @param major the new value, {@code null} for absent
     */
    public Device withMajor(Long major) {
        return new Device(type, path, major, minor, fileMode, uid, gid, unknown);
    }

    /**
     * {@return a copy with {@code minor} replaced}
     *
     * @param minor the new value, {@code null} for absent
     */
    public Device withMinor(Long minor) {
        return new Device(type, path, major, minor, fileMode, uid, gid, unknown);
    }

    /**
     * {@return a copy with {@code fileMode} replaced}
     *
     * @param fileMode the new value, {@code null} for absent
     */
    public Device withFileMode(Integer fileMode) {
        return new Device(type, path, major, minor, fileMode, uid, gid, unknown);
    }

    /**
     * {@return a copy with {@code uid} replaced}
     *
     * @param uid the new value, {@code null} for absent
     */
    public Device withUid(Long uid) {
        return new Device(type, path, major, minor, fileMode, uid, gid, unknown);
    }

    /**
     * {@return a copy with {@code gid} replaced}
     *
     * @param gid the new value, {@code null} for absent
     */
    public Device withGid(Long gid) {
        return new Device(type, path, major, minor, fileMode, uid, gid, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Device withUnknown(UnknownFields unknown) {
        return new Device(type, path, major, minor, fileMode, uid, gid, unknown);
    }
}
