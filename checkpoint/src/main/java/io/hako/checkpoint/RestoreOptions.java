package io.hako.checkpoint;

import io.hako.container.CreateOptions;
import java.nio.file.Path;

/**
 * How to restore a container.
 *
 * @param imagePath the image files a checkpoint wrote
 * @param workPath where CRIU writes its log, {@code restore.log} (made when missing); null for {@code imagePath}
 * @param create what a restore shares with create: the pid file, the cgroup driver ({@code systemdCgroup},
 *     {@code cgroupDriver}), rootless cgroups, {@code noPivot} (which, as under runc, only refuses a private
 *     {@code rootfsPropagation}: CRIU pivots into the root itself), and {@code consoleSocket}, where a restored
 *     terminal's new master goes (needed with a terminal, refused without); its other settings are not used
 * @param criu what goes to CRIU as it is: as the checkpoint had it
 * @param lsmProfile the LSM profile the restored processes get instead of the dumped one, {@code TYPE:NAME}
 *     ({@code apparmor:name}, {@code selinux:label}), or null ({@code --lsm-profile})
 * @param lsmMountContext the SELinux context of the restored mounts instead of the dumped one, or null
 *     ({@code --lsm-mount-context})
 */
public record RestoreOptions(Path imagePath, Path workPath, CreateOptions create, CriuSettings criu,
        String lsmProfile, String lsmMountContext) {
    /**
     * Checks that there is an image path; no create options are the defaults.
     *
     * @param imagePath the images
     * @param workPath where the log goes, or null
     * @param create the create options used, or null for {@link CreateOptions#DEFAULTS}
     * @param criu CRIU's settings, null for {@link CriuSettings#DEFAULTS}
     * @param lsmProfile the LSM profile, or null (as empty) for the dumped one
     * @param lsmMountContext the mounts' SELinux context, or null (as empty) for the dumped one
     */
    public RestoreOptions {
        if (imagePath == null) {
            throw new IllegalArgumentException("a restore needs an image path");
        }
        create = create == null ? CreateOptions.DEFAULTS : create;
        criu = criu == null ? CriuSettings.DEFAULTS : criu;
        lsmProfile = lsmProfile == null || lsmProfile.isEmpty() ? null : lsmProfile;
        lsmMountContext = lsmMountContext == null || lsmMountContext.isEmpty() ? null : lsmMountContext;
    }

    /**
     * With the dumped LSM profile and mount context.
     *
     * @param imagePath the images
     * @param workPath where the log goes, or null
     * @param create the create options used, or null for {@link CreateOptions#DEFAULTS}
     * @param criu CRIU's settings, null for {@link CriuSettings#DEFAULTS}
     */
    public RestoreOptions(Path imagePath, Path workPath, CreateOptions create, CriuSettings criu) {
        this(imagePath, workPath, create, criu, null, null);
    }

    /**
     * A restore with CRIU's defaults.
     *
     * @param imagePath the images
     * @param workPath where the log goes, or null
     * @param create the create options used, or null for {@link CreateOptions#DEFAULTS}
     */
    public RestoreOptions(Path imagePath, Path workPath, CreateOptions create) {
        this(imagePath, workPath, create, CriuSettings.DEFAULTS, null, null);
    }
}
