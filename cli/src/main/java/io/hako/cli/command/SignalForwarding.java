package io.hako.cli.command;

import io.hako.cli.Invocation;
import io.hako.container.ContainerException;
import io.hako.container.Containers;
import io.hako.container.ProcessLauncher;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While {@code run} waits in the foreground, the signals a terminal or an engine sends it go on to the
 * container's process, as runc forwards them. On the cold path this JVM is the caller's process and forwards its
 * own signals; a resident hako's client forwards the signals it gets itself ({@code ProcessLauncher#attach}).
 */
final class SignalForwarding implements AutoCloseable {
    private static final List<String> FORWARDED = List.of("INT", "TERM", "HUP", "QUIT", "USR1", "USR2");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private SignalForwarding() {}

    /** Whether the signals to forward are this process's own: the call is the caller's process (cold). */
    static boolean here(Invocation invocation) {
        return !ProcessLauncher.startsElsewhere(invocation.launcher());
    }

    /** Nothing forwarded from here. */
    static SignalForwarding none() {
        return new SignalForwarding();
    }

    /**
     * Forwards to the process exec is about to start, by pid once {@link #started} gives it: installed before, so
     * that a signal that comes while it starts is not this JVM's end; it goes on once the process runs (a process
     * that never starts never gets it). Its pid cannot be reused: it is this JVM's child.
     */
    static SignalForwarding toProcessStarting(Containers containers) {
        var forwarding = new SignalForwarding();
        for (String name : FORWARDED) {
            Signal signal = new Signal(name);
            try {
                forwarding.previous.add(Signal.handle(signal, s -> forwarding.forward(containers, s.getNumber())));
                forwarding.signals.add(signal);
            } catch (IllegalArgumentException e) {
                // the JVM keeps this one for itself: not forwarded
            }
        }
        return forwarding;
    }

    private int target;
    private final List<Integer> pending = new ArrayList<>();

    private synchronized void forward(Containers containers, int signal) {
        if (target > 0) {
            containers.signalProcess(target, signal);
        } else {
            pending.add(signal);
        }
    }

    /** The process runs: what came meanwhile goes on to it, in order, and from now on each signal as it comes. */
    synchronized void started(Containers containers, int pid) {
        target = pid;
        pending.forEach(signal -> containers.signalProcess(pid, signal));
        pending.clear();
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
