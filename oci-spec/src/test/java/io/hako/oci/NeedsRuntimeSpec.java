package io.hako.oci;

import io.hako.oci.testing.Shared;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test, or a class of them, that reads the runtime-spec's own schemas or examples ({@link Shared}): where
 * they are missing it is skipped with {@link Shared#missingReason()} instead of failing. For JUnit Jupiter tests and
 * for jqwik properties alike (a jqwik property cannot use an assumption: every try would be rejected).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RuntimeSpecCondition.class)
@AddLifecycleHook(RuntimeSpecCondition.class)
@interface NeedsRuntimeSpec {}
