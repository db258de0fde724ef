package io.hako.cli.request;

/** {@code features}: what this build of hako implements, as the runtime-spec's features document. */
public record FeaturesRequest() implements Request {
}
