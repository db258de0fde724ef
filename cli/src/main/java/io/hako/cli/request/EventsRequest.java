package io.hako.cli.request;

import java.time.Duration;

/**
 * {@code events [--stats] [--interval D] ID}.
 *
 * @param stats print the container's stats once and exit ({@code --stats})
 * @param interval how often to print stats ({@code --interval}, default 5s)
 */
public record EventsRequest(String id, boolean stats, Duration interval) implements Request {
}
