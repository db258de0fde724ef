package io.hako.cli.request;

import java.util.List;

/**
 * {@code ps [--format table|json] ID [PS-ARGS...]}.
 *
 * @param psArgs arguments for {@code ps(1)} in table format (runc's default {@code -ef} when empty)
 */
public record PsRequest(String id, OutputFormat format, List<String> psArgs) implements Request {
    public PsRequest {
        psArgs = List.copyOf(psArgs);
    }
}
