package io.hako.oci;

import io.hako.oci.testing.Shared;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips what is marked {@link NeedsRuntimeSpec} when the runtime-spec's files are missing. JUnit and jqwik make it
 * reflectively, which the module allows them in the packages of the tests surefire runs only: so it lives beside the
 * tests that use it.
 */
final class RuntimeSpecCondition implements ExecutionCondition, SkipExecutionHook {
    RuntimeSpecCondition() {}

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return Shared.present() ? ConditionEvaluationResult.enabled("the runtime-spec's files are there")
                : ConditionEvaluationResult.disabled(Shared.missingReason());
    }

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return Shared.present() ? SkipResult.doNotSkip() : SkipResult.skip(Shared.missingReason());
    }
}
