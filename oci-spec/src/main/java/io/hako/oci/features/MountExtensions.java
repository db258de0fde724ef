package io.hako.oci.features;

import io.hako.oci.UnknownFields;

/** Mount extensions; {@code idmap} is id-mapped mounts ({@code mount_setattr(MOUNT_ATTR_IDMAP)}). */
public record MountExtensions(Enabled idmap, UnknownFields unknown) {
    public MountExtensions {
        unknown = UnknownFields.orNone(unknown);
    }
}
