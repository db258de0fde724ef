package io.hako.cli.request;

import java.nio.file.Path;

/**
 * {@code spec [--bundle DIR] [--rootless]}: write a starting {@code config.json}.
 *
 * @param bundle where to write it ({@code --bundle/-b}, default the working directory)
 * @param rootless a configuration for a container run without root ({@code --rootless})
 */
public record SpecRequest(Path bundle, boolean rootless) implements Request {
}
