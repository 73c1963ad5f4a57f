package io.accounttasks.readmodel;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The task projection: the task list with the organizations, users and accounts its rows reference, and each
 * account's task totals. It runs in a subscribing processor, inside the unit of work that appends the events
 * (docs/adr/0016): the rows commit with the events or not at all, so a write answers with the row a GET shows, and
 * no read ever waits for it. Import this configuration to run it; its handlers must propagate failures (the
 * write then fails as a whole), never log and go on.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
public class TaskProjection {

    /** The processing group of every projector of the task read model. */
    public static final String NAME = "tasks";

    /**
     * A subscribing processor: its handlers run as each event is published, in the publishing unit of work and
     * so in its transaction. A handler's failure fails the write (Axon's default would log it and commit the
     * events without their rows).
     */
    @Bean
    ConfigurerModule taskProjectionRunsInTheWrite() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(NAME)
                .registerListenerInvocationErrorHandler(NAME, configuration -> PropagatingErrorHandler.instance());
    }

    /**
     * An event's timestamp as a {@code timestamptz} value. Axon's JDBC engine stores event times to the
     * millisecond, so that is what a row shows: an event projected as it is published is still in memory, with
     * its clock's microseconds, and its row must be the row a rebuild, the history and time travel make from the
     * stored event.
     */
    public static OffsetDateTime timeOf(Instant timestamp) {
        return timestamp.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }

    /**
     * An instant a task holds (its deadline) as a {@code timestamptz} value and as answered: stored and shown as
     * an event's time is, so the row, time travel and the history show the same value; null stays null.
     */
    public static OffsetDateTime timeOrNull(Instant instant) {
        return instant == null ? null : timeOf(instant);
    }
}
