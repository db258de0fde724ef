package io.hako.cli.request;

/**
 * {@code create [options] ID}: set up the container and leave its init waiting for {@code start}.
 * ({@code --detach}, which go-runc can pass, is accepted and means nothing: create always returns.)
 */
public record CreateRequest(String id, LaunchOptions launch) implements Request {
}
