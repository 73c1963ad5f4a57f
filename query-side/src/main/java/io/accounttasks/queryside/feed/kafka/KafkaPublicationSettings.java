package io.accounttasks.queryside.feed.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * {@code tasks.kafka.*}: where and how the feed is published (the defaults and their reasons are in
 * application.yml).
 *
 * @param bootstrapServers  the brokers; publication is on only when this is set
 * @param topic             the one topic every organization's events go to
 * @param partitions        the topic's partitions when the publisher creates it; an existing topic is left as it
 *                          is, since more partitions would move keys and break a task's order
 * @param replicationFactor the topic's replication when the publisher creates it
 * @param pollInterval      how often the publisher looks at the feed when nothing woke it
 * @param batchSize         the most events one pass sends before it stores its position
 * @param sendTimeout       how long a send may take until the broker acknowledges it, and the admin calls
 * @param client            further client properties, for both the producer and the admin client
 *                          ({@code security.protocol}, {@code sasl.*}, {@code ssl.*})
 */
@ConfigurationProperties("tasks.kafka")
record KafkaPublicationSettings(String bootstrapServers, String topic, int partitions, short replicationFactor,
                                Duration pollInterval, int batchSize, Duration sendTimeout,
                                @DefaultValue Map<String, String> client) {

    KafkaPublicationSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("tasks.kafka.bootstrap-servers is not set");
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("tasks.kafka.topic is not set");
        }
        if (partitions < 1 || replicationFactor < 1 || batchSize < 1) {
            throw new IllegalArgumentException("tasks.kafka.partitions, replication-factor and batch-size must be "
                    + "at least 1");
        }
        Objects.requireNonNull(pollInterval, "tasks.kafka.poll-interval");
        Objects.requireNonNull(sendTimeout, "tasks.kafka.send-timeout");
        client = Map.copyOf(client);
    }
}
