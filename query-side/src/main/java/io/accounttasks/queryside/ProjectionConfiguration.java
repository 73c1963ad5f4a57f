package io.accounttasks.queryside;

import io.accounttasks.coreapi.organization.OrganizationScoped;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.List;

/**
 * How the query side reads the event store and keeps its place: Axon's JDBC engine and JDBC token store on the
 * one DataSource, inside Spring's DataSourceTransactionManager (Axon's SpringTransactionManager over it, from
 * Axon's auto-configuration), so a batch's rows and its token commit together. Table names, serializers and the
 * meaning of PostgreSQL's errors are the database module's {@code EventStorage}.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    // ---- storage -------------------------------------------------------------------------------------------

    /**
     * Axon's JDBC storage engine, built as JdbcAutoConfiguration builds it: that auto-configuration steps back
     * as soon as the application defines its own event store (below), so the engine is spelled out here.
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, @Qualifier("eventSerializer") Serializer events,
                                          org.axonframework.config.Configuration axon,
                                          ConnectionProvider connections, TransactionManager transactions,
                                          EventSchema schema, PersistenceExceptionResolver duplicateKey) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .upcasterChain(axon.upcasterChain())
                .persistenceExceptionResolver(duplicateKey)
                .eventSerializer(events)
                .snapshotFilter(axon.snapshotFilter())
                .connectionProvider(connections)
                .transactionManager(transactions)
                .schema(schema)
                .build();
    }

    /**
     * Axon's own event store, made here so that every processor reads the database on its own stream
     * ({@code optimizeEventConsumption(false)}). Axon's default shares one read-ahead among the processors, and its
     * producer keeps a reference to the first event of each read for as long as that read lasts; a read lasts as
     * long as new events keep arriving, so under a sustained write load (a bulk import, the benchmark's million
     * events) everything read since it began stayed in memory: 139,000 events, all of a 256 MB heap, then
     * OutOfMemoryError (docs/BENCHMARKS.md, "Tuning", step 7; Axon's issue 2954). A private stream reads one
     * batch of 100 at a time, so the memory a processor needs is bounded whatever the write rate. The cost is one
     * indexed query per processor per look instead of one shared one, with two processors.
     */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration axon) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class))
                .optimizeEventConsumption(false)
                .build();
    }

    /** The {@code projections} processor's source (application.yml names it): see {@link PromptEventSource}. */
    @Bean(destroyMethod = "close")
    PromptEventSource projectionSource(EventStore eventStore, CommittedEvents committed,
                                       @Value("${tasks.projections.idle-poll:1s}") Duration idlePoll) {
        return new PromptEventSource(eventStore, committed, idlePoll);
    }

    // ---- the processor -------------------------------------------------------------------------------------

    /**
     * Events of one organization go to one segment, in order: a task's row references its account's and its
     * users' rows, which other aggregates' events create. Different organizations spread over the segments.
     */
    static final SequencingPolicy<EventMessage<?>> BY_ORGANIZATION = event ->
            event.getPayload() instanceof OrganizationScoped scoped
                    ? scoped.organizationId().value()
                    // Every event of core-api is organization-scoped; anything else keeps its aggregate's order.
                    : SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);

    /**
     * A handler that fails (a row it references is missing, the database is away) must stop the batch, so the
     * processor rolls back and retries it with back-off; Axon's default would log and move the token past it,
     * losing the row for good.
     */
    @Bean
    ConfigurerModule projectionsProcessor() {
        return configurer -> List.of(Projections.ACCOUNT_SUMMARIES).forEach(projection -> configurer.eventProcessing()
                .registerSequencingPolicy(projection, configuration -> BY_ORGANIZATION)
                .registerListenerInvocationErrorHandler(projection,
                        configuration -> PropagatingErrorHandler.instance()));
    }
}
