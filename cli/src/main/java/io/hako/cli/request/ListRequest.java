package io.hako.cli.request;

/**
 * {@code list [--format table|json] [--quiet]}: the containers under the state root.
 *
 * @param quiet print only ids ({@code --quiet/-q})
 */
public record ListRequest(OutputFormat format, boolean quiet) implements Request {
}
