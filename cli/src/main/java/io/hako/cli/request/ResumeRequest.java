package io.hako.cli.request;

/** {@code resume ID}: thaw a paused container. */
public record ResumeRequest(String id) implements Request {
}
