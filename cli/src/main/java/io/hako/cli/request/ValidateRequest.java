package io.hako.cli.request;

import java.nio.file.Path;

/**
 * {@code validate [--bundle DIR]}: hako's own check of a bundle against the runtime spec.
 *
 * @param bundle the bundle ({@code --bundle/-b}, default the working directory)
 */
public record ValidateRequest(Path bundle) implements Request {
}
