package io.hako.cli.request;

/** {@code start ID}: let a created container's init run its process. */
public record StartRequest(String id) implements Request {
}
