package io.hako.checkpoint;

import java.nio.file.Path;

/**
 * How to checkpoint a container.
 *
 * @param imagePath where CRIU writes its image files (made when missing)
 * @param workPath where CRIU writes its log, {@code dump.log} (made when missing); null for {@code imagePath}
 * @param leaveRunning whether the container goes on running after the dump; without it, CRIU stops its processes
 *     and the container is deleted, so that its id is free for the restore
 * @param preDump dump the memory only, the container left running: the parent of a later dump, which then writes
 *     only the pages changed since ({@code --pre-dump}); it needs the kernel's memory tracking
 * @param parentPath a previous pre-dump's images, relative to {@code imagePath} as runc has it
 *     ({@code ../pre}), or null for none ({@code --parent-path})
 * @param criu what goes to CRIU as it is
 * @param pageServer where the memory pages go instead of the image path, or null ({@code --page-server})
 */
public record CheckpointOptions(Path imagePath, Path workPath, boolean leaveRunning, boolean preDump,
        Path parentPath, CriuSettings criu, PageServer pageServer) {
    /**
     * Checks that there is an image path, and that a parent's is relative.
     *
     * @param imagePath where the images go
     * @param workPath where the log goes, or null
     * @param leaveRunning whether the container goes on running
     * @param preDump whether this is a pre-dump
     * @param parentPath the parent images, relative to {@code imagePath}, or null
     * @param criu CRIU's settings, null for {@link CriuSettings#DEFAULTS}
     * @param pageServer the page server, or null
     * @throws IllegalArgumentException without an image path, or with an absolute parent path
     */
    public CheckpointOptions {
        if (imagePath == null) {
            throw new IllegalArgumentException("a checkpoint needs an image path");
        }
        if (parentPath != null && parentPath.isAbsolute()) {
            throw new IllegalArgumentException("--parent-path must be relative");
        }
        criu = criu == null ? CriuSettings.DEFAULTS : criu;
    }

    /**
     * Without a page server.
     *
     * @param imagePath where the images go
     * @param workPath where the log goes, or null
     * @param leaveRunning whether the container goes on running
     * @param preDump whether this is a pre-dump
     * @param parentPath the parent images, relative to {@code imagePath}, or null
     * @param criu CRIU's settings, null for {@link CriuSettings#DEFAULTS}
     */
    public CheckpointOptions(Path imagePath, Path workPath, boolean leaveRunning, boolean preDump, Path parentPath,
            CriuSettings criu) {
        this(imagePath, workPath, leaveRunning, preDump, parentPath, criu, null);
    }

    /**
     * A full dump with CRIU's defaults.
     *
     * @param imagePath where the images go
     * @param workPath where the log goes, or null
     * @param leaveRunning whether the container goes on running
     */
    public CheckpointOptions(Path imagePath, Path workPath, boolean leaveRunning) {
        this(imagePath, workPath, leaveRunning, false, null, CriuSettings.DEFAULTS, null);
    }
}
