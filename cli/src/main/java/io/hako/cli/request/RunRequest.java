package io.hako.cli.request;

/**
 * {@code run [options] ID}: create and start.
 *
 * @param detach return once started instead of waiting for the process ({@code --detach/-d})
 * @param keep do not delete the container when it exits ({@code --keep})
 * @param noSubreaper do not become the subreaper of the container's orphans ({@code --no-subreaper})
 */
public record RunRequest(String id, LaunchOptions launch, boolean detach, boolean keep, boolean noSubreaper)
        implements Request {
}
