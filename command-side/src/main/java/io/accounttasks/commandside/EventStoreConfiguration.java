package io.accounttasks.commandside;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.accounttasks.commandside.organization.Directory;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.sql.SQLException;

/**
 * How events are stored: Axon's JDBC engine (from Axon's Spring Boot auto-configuration, on the one DataSource,
 * with Axon's default table names, which V1__event_store.sql creates) and Jackson JSON in {@code bytea}.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    /** PostgreSQL's code for a unique violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * Axon's own mapper, not Spring MVC's: request bodies are read strictly (service-edge refuses unknown fields),
     * but an event written by an older version must stay readable after its class gained or lost a field.
     * Records need nothing extra; the registered modules cover Optional and java.time.
     */
    static ObjectMapper eventMapper() {
        return JsonMapper.builder()
                .findAndAddModules()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    static JacksonSerializer jacksonSerializer(RevisionResolver revisions) {
        return JacksonSerializer.builder().revisionResolver(revisions).objectMapper(eventMapper()).build();
    }

    // The three serializers Axon asks for: defining them here keeps Axon from taking Spring MVC's ObjectMapper.
    @Bean
    @Primary
    Serializer serializer(RevisionResolver revisions) {
        return jacksonSerializer(revisions);
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(RevisionResolver revisions) {
        return jacksonSerializer(revisions);
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(RevisionResolver revisions) {
        return jacksonSerializer(revisions);
    }

    /**
     * Axon's default resolver only knows {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL
     * driver never throws. Without this, two writers appending the same (aggregate, sequence) would surface as a
     * storage failure (500) instead of Axon's {@code ConcurrencyException} (409).
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
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
     * A failure in the subscribing lookup handler (a second user with one e-mail) must fail the command that
     * published the event; Axon's default for event handlers is to log and carry on.
     */
    @Bean
    ConfigurerModule directoryFailuresFailTheCommand() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(Directory.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance());
    }
}
