package io.accounttasks.queryside.feed.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.task.TaskEvents.TaskPriorityChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskStatusChanged;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.queryside.QuerySideTest;
import io.accounttasks.queryside.feed.EventFeed;
import io.accounttasks.queryside.CommittedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The feed published to a real KRaft broker ({@link TestKafka}: embedded, or a container): every event, keyed by its aggregate, in the feed's
 * shape, each task's events in order; after a restart the publisher goes on from its stored position and sends
 * nothing twice; a send the broker refuses stores nothing and is sent again.
 * <p>
 * Its own context (Kafka on), closed after the class, with a small pool beside the shared one.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaPublicationTest extends QuerySideTest {

    private static final String TOPIC = "account-tasks.events";
    private static final int PARTITIONS = 3;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("tasks.kafka.bootstrap-servers", Broker::servers);
        registry.add("tasks.kafka.partitions", () -> PARTITIONS);
        registry.add("tasks.kafka.poll-interval", () -> "50ms");
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> 4);
    }

    /** Started with the first context that asks for it, stopped after the class (embedded or a container). */
    private static final class Broker {

        static final TestKafka BROKER = TestKafka.start();

        static String servers() {
            return BROKER.servers();
        }
    }

    @AfterAll
    static void stopBroker() {
        // The context's publisher is idle by now (nothing writes), and is stopped when the context closes.
        Broker.BROKER.stop();
    }

    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

    @Autowired
    KafkaPublisher publisher;
    @Autowired
    KafkaPublicationSettings settings;
    @Autowired
    EventFeed feed;
    @Autowired
    CommittedEvents committed;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    MeterRegistry metrics;

    @Test
    void everyEventArrivesKeyedByItsAggregateInTheFeedsShapeAndEachTaskInOrder() throws Exception {
        Tenant tenant = newTenant("Kafka");
        TaskId first = newTask(tenant, "Call back", TaskPriority.LOW, t0.plusSeconds(1));
        TaskId second = newTask(tenant, "Send the offer", TaskPriority.HIGH, t0.plusSeconds(2));
        appendTask(new TaskStatusChanged(first, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskStatus.PENDING, TaskStatus.IN_PROGRESS), t0.plusSeconds(3));
        appendTask(new TaskPriorityChanged(second, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskPriority.HIGH, TaskPriority.LOW), t0.plusSeconds(4));
        // Written by a traced request (docs/adr/0014): its trace id is in the value and in a header.
        append("Task", first, new TaskStatusChanged(first, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED), t0.plusSeconds(5),
                MetaData.with("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01"));
        List<JsonNode> served = feedOf(tenant, 9);
        long last = served.get(8).get("position").asLong();

        awaitCondition("the publisher past " + last, () -> publisher.position() >= last);

        // How far it is, for the dashboards too.
        assertThat(metrics.get("tasks.kafka.position").tag("topic", TOPIC).gauge().value())
                .isGreaterThanOrEqualTo(last);
        assertThat(metrics.get("tasks.kafka.lag").tag("topic", TOPIC).gauge().value()).isNotNegative();
        assertThat(partitionsOf(TOPIC)).isEqualTo(PARTITIONS);
        List<ConsumerRecord<String, String>> topic = readTopic(TOPIC);
        List<ConsumerRecord<String, String>> ours = topic.stream()
                .filter(record -> tenant.orgId().value().equals(header(record, "organizationId")))
                .toList();
        assertThat(ours).hasSize(9);
        Map<Long, ConsumerRecord<String, String>> byPosition = ours.stream()
                .collect(Collectors.toMap(record -> Long.parseLong(header(record, "position")), record -> record));
        for (JsonNode event : served) {
            ConsumerRecord<String, String> record = byPosition.get(event.get("position").asLong());
            assertThat(record).as("the record of position %s", event.get("position")).isNotNull();
            // The value is the event exactly as GET /v1/events serves it.
            assertThat(valueOf(record)).isEqualTo(event);
            assertThat(record.key()).isEqualTo(event.get("aggregateId").asText());
            assertThat(header(record, "type")).isEqualTo(event.get("type").asText());
            assertThat(header(record, "version")).isEqualTo(event.get("version").asText());
            assertThat(header(record, "organizationId")).isEqualTo(tenant.orgId().value());
            // Only a traced event has the header; the value has traceId either way (null when untraced).
            assertThat(header(record, "traceId")).isEqualTo(event.get("traceId").textValue());
        }
        assertThat(served.get(8).get("traceId").asText()).isEqualTo(TRACE_ID);
        // One aggregate, one partition; in it, the aggregate's events in sequence from 0.
        Map<String, List<ConsumerRecord<String, String>>> byAggregate = ours.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key));
        assertThat(byAggregate).containsKeys(first.value(), second.value());
        byAggregate.forEach((aggregate, records) -> {
            assertThat(records).extracting(ConsumerRecord::partition).as(aggregate).containsOnly(
                    records.get(0).partition());
            assertThat(records.stream().sorted(Comparator.comparingLong(ConsumerRecord::offset))
                    .map(record -> valueOf(record).get("sequence").asLong()).toList())
                    .as(aggregate).isEqualTo(LongStream.range(0, records.size()).boxed().toList());
        });
        assertThat(byAggregate.get(first.value())).hasSize(3);
        // Each partition is the feed in position order.
        topic.stream().collect(Collectors.groupingBy(ConsumerRecord::partition)).values().forEach(partition ->
                assertThat(partition.stream().map(record -> Long.parseLong(header(record, "position"))).toList())
                        .isSorted());
    }

    @Test
    void afterARestartItGoesOnFromItsStoredPositionAndSendsNothingTwice() throws Exception {
        Tenant tenant = newTenant("Restart");
        TaskId task = newTask(tenant, "Call back", TaskPriority.LOW, t0.plusSeconds(1));
        long acknowledged = feedOf(tenant, 5).get(4).get("position").asLong();
        awaitCondition("the publisher past " + acknowledged, () -> publisher.position() >= acknowledged);

        publisher.stop();
        List<JsonNode> all;
        try {
            long stoppedAt = publisher.position();
            appendTask(new TaskStatusChanged(task, tenant.orgId(), tenant.accountId(), tenant.ownerId(),
                    TaskStatus.PENDING, TaskStatus.IN_PROGRESS), t0.plusSeconds(2));
            newTask(tenant, "Send the offer", TaskPriority.HIGH, t0.plusSeconds(3));
            all = feedOf(tenant, 7);

            // In the feed, but not published: the publisher was stopped (stop() returns after its last pass).
            assertThat(publisher.position()).isEqualTo(stoppedAt);
            assertThat(recordsOf(tenant, readTopic(TOPIC))).hasSize(5);

            // A new publisher, as a restarted process has: only kafka_publication tells it where to go on.
            KafkaPublisher restarted = new KafkaPublisher(settings, feed, committed, jdbc, transaction, json);
            restarted.start();
            try {
                long last = all.get(6).get("position").asLong();
                awaitCondition("the restarted publisher past " + last, () -> restarted.position() >= last);
            } finally {
                restarted.stop();
            }
        } finally {
            publisher.start();
        }

        List<ConsumerRecord<String, String>> topic = readTopic(TOPIC);
        assertThat(recordsOf(tenant, topic).stream().map(record -> valueOf(record).get("id").asText()))
                .containsExactlyInAnyOrderElementsOf(all.stream().map(event -> event.get("id").asText()).toList());
        // Nothing on the whole topic was sent twice, the events acknowledged before the restart among them.
        List<Long> positions = topic.stream().map(record -> Long.parseLong(header(record, "position"))).toList();
        assertThat(positions).doesNotHaveDuplicates();
        assertThat(jdbc.queryForObject("select position from kafka_publication where topic = ?", Long.class, TOPIC))
                .isEqualTo(positions.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    /**
     * A broker that refuses the sends (here: a topic that takes no record that big; a broker that is away fails
     * the same way, after the send timeout): the pass fails and stores nothing. Once the broker takes them, the
     * same publisher sends everything, from the first position on.
     */
    @Test
    void aPassTheBrokerDidNotAcknowledgeStoresNothingAndIsSentAgain() {
        feedOf(newTenant("Refused"), 4); // so there is something to send
        String topic = "account-tasks.refused-" + UUID.randomUUID();
        Broker.BROKER.withAdmin(admin -> get(admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1")))).all()));
        // One record a batch: the producer splits a refused batch of several and tries again until it times out.
        KafkaPublisher refused = new KafkaPublisher(new KafkaPublicationSettings(settings.bootstrapServers(), topic,
                1, (short) 1, settings.pollInterval(), settings.batchSize(), Duration.ofSeconds(5),
                Map.of("batch.size", "0")), feed, committed, jdbc, transaction, json);
        try {
            long head = feed.head();

            assertThatThrownBy(refused::pass).isInstanceOf(KafkaException.class)
                    .hasMessageContaining("did not acknowledge");
            assertThat(jdbc.queryForObject("select count(*) from kafka_publication where topic = ?", Long.class,
                    topic)).isZero();

            Broker.BROKER.withAdmin(admin -> get(admin.incrementalAlterConfigs(Map.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588"),
                            AlterConfigOp.OpType.SET)))).all()));
            awaitCondition("the whole feed published", () -> {
                try {
                    refused.pass();
                } catch (KafkaException e) {
                    // The broker may not apply the topic's new limit at once.
                }
                return refused.position() >= head;
            });
        } finally {
            refused.stop();
        }

        // From the feed's first position on, every one once: the refused pass left neither a gap nor a copy.
        List<Long> positions = readTopic(topic).stream()
                .map(record -> Long.parseLong(header(record, "position"))).toList();
        assertThat(positions).isEqualTo(LongStream.rangeClosed(1, refused.position()).boxed().toList());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** The organization's events as GET /v1/events serves them, waiting until there are count. */
    private List<JsonNode> feedOf(Tenant tenant, int count) {
        List<JsonNode> events = new ArrayList<>();
        awaitCondition(count + " events in the feed", () -> {
            try {
                events.clear();
                body(getAs(tenant, "/v1/events")).get("data").forEach(events::add);
                return events.size() >= count;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return events;
    }

    /** Every record on the topic, from its start to its end as of now, in (partition, offset) order. */
    private static List<ConsumerRecord<String, String>> readTopic(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Broker.servers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            awaitCondition("topic " + topic + " read to its end", () -> {
                consumer.poll(Duration.ofMillis(50)).forEach(records::add);
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
            records.sort(Comparator.<ConsumerRecord<String, String>>comparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset));
            return records;
        }
    }

    private static int partitionsOf(String topic) {
        return Broker.BROKER.withAdmin(admin -> get(admin.describeTopics(Set.of(topic)).allTopicNames())
                .get(topic).partitions().size());
    }

    private static List<ConsumerRecord<String, String>> recordsOf(Tenant tenant,
                                                                  List<ConsumerRecord<String, String>> records) {
        return records.stream()
                .filter(record -> tenant.orgId().value().equals(header(record, "organizationId")))
                .toList();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private JsonNode valueOf(ConsumerRecord<String, String> record) {
        try {
            return json.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
