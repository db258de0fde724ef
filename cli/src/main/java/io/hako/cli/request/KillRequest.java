package io.hako.cli.request;

/**
 * {@code kill [--all] ID [SIGNAL]}: signal the container's init (default {@code SIGTERM}).
 *
 * @param all runc's obsolete {@code --all/-a}: accepted; since runc 1.2 it only means "no error if the
 *     container has already stopped"
 */
public record KillRequest(String id, Signal signal, boolean all) implements Request {
}
