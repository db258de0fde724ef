package io.hako.cli.request;

/**
 * {@code delete [--force] ID}.
 *
 * @param force kill a running container with {@code SIGKILL} first ({@code --force/-f})
 */
public record DeleteRequest(String id, boolean force) implements Request {
}
