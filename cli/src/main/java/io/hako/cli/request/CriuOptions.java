package io.hako.cli.request;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code checkpoint} and {@code restore} share: CRIU's image and work directories and its options.
 *
 * @param imagePath CRIU image files ({@code --image-path})
 * @param workPath CRIU work files and logs ({@code --work-path})
 * @param tcpEstablished allow open TCP connections ({@code --tcp-established})
 * @param externalUnixSockets allow external unix sockets ({@code --ext-unix-sk})
 * @param shellJob allow shell jobs ({@code --shell-job})
 * @param fileLocks handle file locks ({@code --file-locks})
 * @param manageCgroupsMode soft, full, strict or ignore ({@code --manage-cgroups-mode})
 * @param emptyNamespaces namespaces to create without restoring their properties ({@code --empty-ns}, repeatable)
 * @param autoDedup deduplicate memory images ({@code --auto-dedup})
 * @param lazyPages restore memory lazily with userfaultfd ({@code --lazy-pages})
 */
public record CriuOptions(
        Optional<Path> imagePath,
        Optional<Path> workPath,
        boolean tcpEstablished,
        boolean externalUnixSockets,
        boolean shellJob,
        boolean fileLocks,
        Optional<String> manageCgroupsMode,
        List<String> emptyNamespaces,
        boolean autoDedup,
        boolean lazyPages) {
    public CriuOptions {
        emptyNamespaces = List.copyOf(emptyNamespaces);
    }
}
