package io.hako.container.internal.plan;

import java.util.List;

/** What the native stage is to do for one container (or one exec), in order. */
public record Plan(List<Op> ops) {
    public Plan {
        ops = List.copyOf(ops);
    }
}
