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
 */
public record RestoreOptions(Path imagePath, Path workPath, CreateOptions create, CriuSettings criu) {
    /**
     * Checks that there is an image path; no create options are the defaults.
     *
     * @param imagePath the images
     * @param workPath where the log goes, or null
     * @param create the create options used, or null for {@link CreateOptions#DEFAULTS}
     * @param criu CRIU's settings, null for {@link CriuSettings#DEFAULTS}
     */
    public RestoreOptions {
        if (imagePath == null) {
            throw new IllegalArgumentException("a restore needs an image path");
        }
        create = create == null ? CreateOptions.DEFAULTS : create;
        criu = criu == null ? CriuSettings.DEFAULTS : criu;
    }

    /**
     * A restore with CRIU's defaults.
     *
     * @param imagePath the images
     * @param workPath where the log goes, or null
     * @param create the create options used, or null for {@link CreateOptions#DEFAULTS}
     */
    public RestoreOptions(Path imagePath, Path workPath, CreateOptions create) {
        this(imagePath, workPath, create, CriuSettings.DEFAULTS);
    }
}
