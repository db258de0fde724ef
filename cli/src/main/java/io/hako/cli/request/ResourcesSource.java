package io.hako.cli.request;

import java.nio.file.Path;

/** Where {@code update --resources} reads its {@code LinuxResources} JSON. */
public sealed interface ResourcesSource {
    /** {@code --resources -}: the caller's standard input (containerd, CRI-O). */
    record StandardInput() implements ResourcesSource {
    }

    /** {@code --resources FILE} (podman). */
    record File(Path path) implements ResourcesSource {
    }
}
