package io.accounttasks.e2e.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that drives the {@link RunningSystem}: it is started before the class's first test (once per
 * JVM) and stopped when the whole test run ends, while the embedded PostgreSQL is still up (the JVM shutdown hook
 * stays as a backstop).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EndToEnd.Extension.class)
public @interface EndToEnd {

    final class Extension implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            RunningSystem system = RunningSystem.get();
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(
                    RunningSystem.class.getName(),
                    key -> (ExtensionContext.Store.CloseableResource) system::stop);
        }
    }
}
