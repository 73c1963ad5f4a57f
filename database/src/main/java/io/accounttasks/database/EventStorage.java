package io.accounttasks.database;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import javax.sql.DataSource;
import java.sql.SQLException;

/**
 * How both sides read and write the event store of {@code V1__event_store.sql}, in one place: the table names,
 * Jackson JSON in {@code bytea}, and what PostgreSQL's duplicate key means. Runs before Axon's own
 * auto-configuration, whose defaults then step back.
 */
@AutoConfiguration(before = {AxonAutoConfiguration.class, JdbcAutoConfiguration.class})
public class EventStorage {

    /** PostgreSQL's code for a unique violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    /** V1's names, spelled out (lower case, as PostgreSQL keeps unquoted names). */
    @Bean
    public EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domainevententry")
                .snapshotTable("snapshotevententry")
                .globalIndexColumn("globalindex")
                .aggregateIdentifierColumn("aggregateidentifier")
                .sequenceNumberColumn("sequencenumber")
                .typeColumn("type")
                .eventIdentifierColumn("eventidentifier")
                .metaDataColumn("metadata")
                .payloadColumn("payload")
                .payloadRevisionColumn("payloadrevision")
                .payloadTypeColumn("payloadtype")
                .timestampColumn("timestamp")
                .build();
    }

    @Bean
    public TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("tokenentry")
                .setProcessorNameColumn("processorname")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("tokentype")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * Axon's connections are the Spring transaction's, and only Spring commits or rolls them back. Axon's default
     * wraps this provider in a {@code UnitOfWorkAwareConnectionProviderWrapper}, which rolls the physical connection
     * back itself when a unit of work does: inside a request with an {@code Idempotency-Key}, whose write runs as a
     * savepoint of the key's transaction, that ended the whole transaction under Spring's feet, and a refused
     * write or a lost race answered 500 (Spring could not roll back to the savepoint) instead of its 4xx or a retry.
     */
    @Bean
    public ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    /**
     * Axon's default resolver only knows {@code SQLIntegrityConstraintViolationException}, which PostgreSQL's
     * driver never throws. Without this, two writers appending the same (aggregate, sequence) would be a storage
     * failure (500) instead of Axon's {@code ConcurrencyException} (409).
     */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return exception -> {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * Every change of an event's shape, in the order they were made: a stored version 1 TaskCreated goes through
     * 1 → 2 and then 2 → 3. One chain, so that order is written down here and not left to bean ordering; Axon's
     * Spring configuration puts it into the chain every event store read goes through.
     */
    @Bean
    public EventUpcasterChain taskEventUpcasters() {
        return new EventUpcasterChain(
                new TaskCreatedUpcaster(),
                FieldsAddedUpcaster.taskCreatedVersion3(),
                FieldsAddedUpcaster.taskStatusChangedVersion2());
    }

    // The three serializers Axon asks for (tokens and snapshots go through the general one). Defining them keeps
    // Axon from taking Spring MVC's ObjectMapper, which service-edge makes strict for request bodies.
    @Bean
    @Primary
    public Serializer serializer(RevisionResolver revisions) {
        return jacksonSerializer(revisions);
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(RevisionResolver revisions) {
        return jacksonSerializer(revisions);
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer(RevisionResolver revisions) {
        return jacksonSerializer(revisions);
    }

    /**
     * An event written by an older version must stay readable after its class gained or lost a field, so
     * unknown properties are ignored here (upcasters handle real changes of shape).
     */
    static Serializer jacksonSerializer(RevisionResolver revisions) {
        return JacksonSerializer.builder()
                .revisionResolver(revisions)
                .objectMapper(JsonMapper.builder()
                        .findAndAddModules()
                        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .build())
                .build();
    }
}
