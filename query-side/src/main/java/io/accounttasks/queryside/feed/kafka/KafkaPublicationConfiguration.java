package io.accounttasks.queryside.feed.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.accounttasks.queryside.feed.EventFeed;
import io.accounttasks.queryside.CommittedEvents;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Kafka publication, only when {@code tasks.kafka.bootstrap-servers} is set: without it no Kafka client is
 * made, so nothing connects or logs (Boot's own Kafka auto-configuration is excluded in application.yml). An
 * empty value counts as unset, as the environment variable's default is empty, which {@code
 * ConditionalOnProperty} would take for "on".
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${tasks.kafka.bootstrap-servers:}'.isBlank()")
@EnableConfigurationProperties(KafkaPublicationSettings.class)
class KafkaPublicationConfiguration {

    @Bean
    KafkaPublisher kafkaPublisher(KafkaPublicationSettings settings, EventFeed feed, CommittedEvents committed,
                                  JdbcTemplate jdbc, TransactionTemplate transaction, ObjectMapper json) {
        return new KafkaPublisher(settings, feed, committed, jdbc, transaction, json);
    }

    /** Read when scraped: the stored position is the topic's, whichever instance published it. */
    @Bean
    MeterBinder kafkaPublicationMetrics(KafkaPublisher publisher) {
        return registry -> {
            Gauge.builder("tasks.kafka.position", publisher, KafkaPublisher::position)
                    .tag("topic", publisher.topic())
                    .description("feed position of the last event the broker acknowledged")
                    .register(registry);
            Gauge.builder("tasks.kafka.lag", publisher, KafkaPublisher::lag)
                    .tag("topic", publisher.topic())
                    .description("events of the feed not on the topic yet")
                    .register(registry);
        };
    }
}
