package io.hako.checkpoint;

import java.nio.file.Path;

/**
 * How to checkpoint a container.
 *
 * @param imagePath where CRIU writes its image files (made when missing)
 * @param workPath where CRIU writes its log, {@code dump.log} (made when missing); null for {@code imagePath}
 * @param leaveRunning whether the container goes on running after the dump; without it, CRIU stops its processes
 *     and the container is deleted, so that its id is free for the restore
 */
public record CheckpointOptions(Path imagePath, Path workPath, boolean leaveRunning) {
    /**
     * Checks that there is an image path.
     *
     * @param imagePath where the images go
     * @param workPath where the log goes, or null
     * @param leaveRunning whether the container goes on running
     */
    public CheckpointOptions {
        if (imagePath == null) {
            throw new IllegalArgumentException("a checkpoint needs an image path");
        }
    }
}
