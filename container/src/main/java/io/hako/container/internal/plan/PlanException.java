package io.hako.container.internal.plan;

/**
 * A configuration hako cannot turn into a plan: a value it does not support or that this host cannot give. The
 * pointer names the field, as validation errors do.
 */
public final class PlanException extends Exception {
    private final String pointer;

    public PlanException(String pointer, String reason) {
        super(pointer + ": " + reason);
        this.pointer = pointer;
    }

    public String pointer() {
        return pointer;
    }
}
