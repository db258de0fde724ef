package io.hako.oci.features;

import io.hako.oci.UnknownFields;

/**
 * Mount extensions; {@code idmap} is id-mapped mounts ({@code mount_setattr(MOUNT_ATTR_IDMAP)}).
 *
 * @param idmap whether id-mapped mounts are supported
 * @param unknown fields the model does not know, kept as they were read
 */
public record MountExtensions(Enabled idmap, UnknownFields unknown) {
    /** Takes null unknown fields for none. */
    public MountExtensions {
        unknown = UnknownFields.orNone(unknown);
    }
}
