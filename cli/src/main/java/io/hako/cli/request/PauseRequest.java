package io.hako.cli.request;

/** {@code pause ID}: freeze every process of the container. */
public record PauseRequest(String id) implements Request {
}
