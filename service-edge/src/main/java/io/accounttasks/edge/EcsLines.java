package io.accounttasks.edge;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.lang.reflect.Constructor;
import java.nio.charset.Charset;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.structured.ContextPairs;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;
import org.springframework.core.env.Environment;

/**
 * Boot's Elastic Common Schema line ({@code logging.structured.format.console: ecs}), encoded from its {@code String}.
 * Boot encodes it a character at a time through an {@code OutputStreamWriter} (spring-boot#49428): a buffer per
 * character and 8 KB per line, about a quarter of what the gateway allocated per create (178 KB of it; 130 after,
 * docs/BENCHMARKS.md, step 44).
 * The line is Boot's own formatter's, made with the parameters Boot gives a formatter named in the configuration.
 */
public final class EcsLines implements StructuredLogFormatter<ILoggingEvent> {

    private static final String BOOT_ECS = "org.springframework.boot.logging.logback.ElasticCommonSchemaStructuredLogFormatter";

    private final StructuredLogFormatter<ILoggingEvent> ecs;

    public EcsLines(Environment environment, StackTracePrinter stackTracePrinter, ContextPairs contextPairs,
            ThrowableProxyConverter throwableProxyConverter,
            StructuredLoggingJsonMembersCustomizer.Builder<?> customizer) {
        this.ecs = bootEcs(environment, stackTracePrinter, contextPairs, throwableProxyConverter, customizer);
    }

    @Override
    public String format(ILoggingEvent event) {
        return ecs.format(event);
    }

    @Override
    public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
        return ecs.format(event).getBytes(charset);
    }

    // Boot's class is package-private; its constructor takes what Boot's own factory would pass it.
    @SuppressWarnings("unchecked")
    private static StructuredLogFormatter<ILoggingEvent> bootEcs(Object... parameters) {
        try {
            Constructor<?> constructor = Class.forName(BOOT_ECS, false, EcsLines.class.getClassLoader())
                    .getDeclaredConstructor(Environment.class, StackTracePrinter.class, ContextPairs.class,
                            ThrowableProxyConverter.class, StructuredLoggingJsonMembersCustomizer.Builder.class);
            return (StructuredLogFormatter<ILoggingEvent>) BeanUtils.instantiateClass(constructor, parameters);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Spring Boot's ECS log formatter is not where " + BOOT_ECS + " was", e);
        }
    }
}
