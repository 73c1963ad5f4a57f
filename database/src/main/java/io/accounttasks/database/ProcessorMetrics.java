package io.accounttasks.database;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MessageTimerMonitor;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.axonframework.springboot.autoconfig.MicrometerMetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import java.util.List;
import java.util.function.Function;

/**
 * Axon's Micrometer metrics, without its capacity monitor on event processors and the command bus. That monitor
 * keeps every message's processing time for a ten-minute window: a projection catching up a million events (a
 * replay, a restart after a pause) held millions of them, and the query side's 256 MB heap ran out, killing the
 * threads that hit the OutOfMemoryError (docs/BENCHMARKS.md, "Tuning"); the command bus under a sustained load
 * would do the same. The other monitors, counts, timers and the processors' latency, stay as Axon registers them,
 * under the same names.
 */
@AutoConfiguration(after = MicrometerMetricsAutoConfiguration.class)
@ConditionalOnClass(GlobalMetricRegistry.class)
@ConditionalOnBean(GlobalMetricRegistry.class)
public class ProcessorMetrics {

    private static final Function<Message<?>, Iterable<Tag>> NO_TAGS = message -> Tags.empty();

    @Bean
    public ConfigurerModule processorMetricsWithoutCapacityMonitor(GlobalMetricRegistry metrics,
                                                                   MeterRegistry registry) {
        return new ConfigurerModule() {
            @Override
            public void configureModule(Configurer configurer) {
                configurer.configureMessageMonitor(configuration -> (componentType, componentName) -> anyMessage(
                        EventProcessor.class.isAssignableFrom(componentType)
                                ? eventProcessor(componentName, registry)
                                : CommandBus.class.isAssignableFrom(componentType)
                                ? commandBus(componentName, registry)
                                : metrics.registerComponent(componentType, componentName)));
            }

            /** After Axon's MetricsConfigurerModule, whose message monitor factory this one replaces. */
            @Override
            public int order() {
                return Integer.MAX_VALUE;
            }
        };
    }

    /** What Axon's factory type asks for; each component is only ever given the messages it handles. */
    @SuppressWarnings("unchecked")
    private static MessageMonitor<Message<?>> anyMessage(MessageMonitor<?> monitor) {
        return (MessageMonitor<Message<?>>) monitor;
    }

    private static MessageMonitor<? super CommandMessage<?>> commandBus(String name, MeterRegistry registry) {
        return new MultiMessageMonitor<>(List.of(
                MessageCountingMonitor.buildMonitor(name, registry, NO_TAGS),
                MessageTimerMonitor.buildMonitor(name, registry, NO_TAGS)));
    }

    private static MessageMonitor<? super EventMessage<?>> eventProcessor(String name, MeterRegistry registry) {
        return new MultiMessageMonitor<>(List.of(
                MessageCountingMonitor.buildMonitor(name, registry, NO_TAGS),
                MessageTimerMonitor.buildMonitor(name, registry, NO_TAGS),
                EventProcessorLatencyMonitor.builder().meterNamePrefix(name).meterRegistry(registry)
                        .tagsBuilder(NO_TAGS).build()));
    }
}
