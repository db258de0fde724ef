package io.hako.cli.request;

/** {@code state ID}: print the container's OCI state document. */
public record StateRequest(String id) implements Request {
}
