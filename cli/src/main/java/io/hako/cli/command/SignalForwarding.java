package io.hako.cli.command;

import io.hako.container.ContainerException;
import io.hako.container.Containers;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While {@code run} waits in the foreground, the signals a terminal or an engine sends it go on to the
 * container's process, as runc forwards them.
 */
final class SignalForwarding implements AutoCloseable {
    private static final List<String> FORWARDED = List.of("INT", "TERM", "HUP", "QUIT", "USR1", "USR2");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private SignalForwarding() {}

    /** Forwards to a process this JVM started (exec's), by pid: it is a child, so its pid cannot be reused. */
    static SignalForwarding toProcess(Containers containers, int pid) {
        var forwarding = new SignalForwarding();
        for (String name : FORWARDED) {
            Signal signal = new Signal(name);
            try {
                forwarding.previous.add(Signal.handle(signal, s -> containers.signalProcess(pid, s.getNumber())));
                forwarding.signals.add(signal);
            } catch (IllegalArgumentException e) {
                // the JVM keeps this one for itself: not forwarded
            }
        }
        return forwarding;
    }

    static SignalForwarding to(Containers containers, String id) {
        var forwarding = new SignalForwarding();
        for (String name : FORWARDED) {
            Signal signal = new Signal(name);
            try {
                forwarding.previous.add(Signal.handle(signal, s -> {
                    try {
                        containers.kill(id, s.getNumber(), false);
                    } catch (ContainerException e) {
                        // the container is gone: the wait is about to return
                    }
                }));
                forwarding.signals.add(signal);
            } catch (IllegalArgumentException e) {
                // the JVM keeps this one for itself (QUIT with -Xrs off, say): not forwarded
            }
        }
        return forwarding;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
