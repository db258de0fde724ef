package io.hako.cli.request;

import java.util.Optional;

/**
 * {@code update [--resources FILE|-] [--memory ...] ID}: change a container's resource limits.
 *
 * @param resources a {@code LinuxResources} document; when given, the individual flags are ignored (as in runc)
 * @param flags the individual limits given as flags
 */
public record UpdateRequest(String id, Optional<ResourcesSource> resources, ResourceFlags flags) implements Request {
}
