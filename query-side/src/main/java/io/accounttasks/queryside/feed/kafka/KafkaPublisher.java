package io.accounttasks.queryside.feed.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accounttasks.queryside.Worker;
import io.accounttasks.queryside.feed.EventFeed;
import io.accounttasks.queryside.feed.FeedEvent;
import io.accounttasks.queryside.feed.FeedPage;
import io.accounttasks.queryside.CommittedEvents;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes the event feed to one Kafka topic, in position order, at least once (docs/adr/0009).
 * <p>
 * A pass holds a transaction-scoped advisory lock (one publisher at a time across the query-side instances),
 * reads the events after the topic's stored position, sends them all, waits until the broker acknowledged every
 * one, and only then stores the new position, in the same transaction. A pass that fails anywhere stores
 * nothing: the next one sends that batch again (consumers deduplicate), never skips it. The idempotent producer
 * keeps each partition's records in the order they were sent, and a record's key is its aggregate's id, so one
 * task's events reach a consumer in order.
 * <p>
 * The passes run on one daemon thread of their own: at once when events are committed (they have their places
 * in the feed then, docs/adr/0019), every poll interval anyway, and backing off while the broker is away.
 */
public class KafkaPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaPublisher.class);

    /** The advisory lock of a pass, with the topic's hash as its second half: a constant no other code uses. */
    private static final int LOCK = 0x4B41464B; // "KAFK"
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private static final String STORE = """
            insert into kafka_publication (topic, position, updated_at) values (?, ?, now())
            on conflict (topic) do update set position = excluded.position, updated_at = excluded.updated_at""";

    private final KafkaPublicationSettings settings;
    private final EventFeed feed;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final DefaultKafkaProducerFactory<String, byte[]> producers;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Worker worker = new Worker("kafka-publisher");
    private volatile boolean topicReady;
    private int failedPasses; // the worker's own

    KafkaPublisher(KafkaPublicationSettings settings, EventFeed feed, CommittedEvents committed, JdbcTemplate jdbc,
                   TransactionTemplate transaction, ObjectMapper json) {
        this.settings = settings;
        this.feed = feed;
        this.jdbc = jdbc;
        this.transaction = transaction;
        // The bean the HTTP feed is written with: a record's value is the event exactly as GET /v1/events serves it.
        this.json = json;
        this.producers = new DefaultKafkaProducerFactory<>(producerConfig(settings), new StringSerializer(),
                new ByteArraySerializer());
        // A stop abandons a pass; its records need not be waited for (the position was not stored).
        this.producers.setPhysicalCloseTimeout(1);
        this.kafka = new KafkaTemplate<>(producers);
        // Spring's default listener logs an error for every record that failed: thousands while a broker is away.
        // The pass reports the failure, once per streak.
        this.kafka.setProducerListener(new ProducerListener<>() {
        });
        committed.onCommit(worker::wakeUp);
    }

    /** The feed position of the last event the broker acknowledged on the topic (0 before the first). */
    public long position() {
        List<Long> stored = jdbc.queryForList("select position from kafka_publication where topic = ?", Long.class,
                settings.topic());
        return stored.isEmpty() ? 0 : stored.get(0);
    }

    /** How many of the feed's events are not on the topic yet. */
    public long lag() {
        return Math.max(0, feed.head() - position());
    }

    public String topic() {
        return settings.topic();
    }

    /**
     * One pass: how many events it published, or empty when another instance held the turn. Throws when the
     * broker did not acknowledge every send; the position then stays where it was.
     */
    OptionalInt pass() {
        try {
            createTopicIfMissing();
            Integer published = transaction.execute(status -> {
                Boolean mine = jdbc.queryForObject("select pg_try_advisory_xact_lock(?, hashtext(?))", Boolean.class,
                        LOCK, settings.topic());
                if (!Boolean.TRUE.equals(mine)) {
                    return null;
                }
                FeedPage page = feed.readAll(position(), settings.batchSize());
                if (page.data().isEmpty()) {
                    return 0;
                }
                sendAll(page.data());
                jdbc.update(STORE, settings.topic(), page.next());
                return page.data().size();
            });
            return published == null ? OptionalInt.empty() : OptionalInt.of(published);
        } catch (RuntimeException e) {
            // A producer whose sends failed may still hold some of them or be fenced off; the retry starts afresh
            // from the stored position, with a new one. When stopping (interrupted), stop() closes it instead:
            // an interrupted thread cannot wait for the producer's own.
            if (!Thread.currentThread().isInterrupted()) {
                producers.reset();
            }
            throw e;
        }
    }

    private void sendAll(List<FeedEvent> events) {
        CompletableFuture<?>[] sends = events.stream().map(this::send).toArray(CompletableFuture[]::new);
        try {
            // The producer itself gives up on a send after the send timeout (delivery.timeout.ms): this bound is
            // only against a hang.
            CompletableFuture.allOf(sends).get(settings.sendTimeout().multipliedBy(2).toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause().getCause() != null ? e.getCause().getCause() : e.getCause();
            throw new KafkaException("the broker did not acknowledge every send: " + cause, cause);
        } catch (TimeoutException e) {
            throw new KafkaException("no acknowledgement within " + settings.sendTimeout().multipliedBy(2), e);
        } catch (InterruptedException e) {
            throw new InterruptException(e); // stopping: the pass is abandoned, its position not stored
        }
    }

    private CompletableFuture<SendResult<String, byte[]>> send(FeedEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(settings.topic(), event.aggregateId(),
                value(event));
        header(record, "type", event.type());
        header(record, "version", Integer.toString(event.version()));
        JsonNode organizationId = event.data().get("organizationId");
        if (organizationId != null && organizationId.isTextual()) {
            header(record, "organizationId", organizationId.asText());
        }
        header(record, "position", Long.toString(event.position()));
        if (event.traceId() != null) {
            header(record, "traceId", event.traceId());
        }
        return kafka.send(record);
    }

    private byte[] value(FeedEvent event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates the topic before the first send (a broker that creates topics on first use would give it its
     * default partition count). An existing topic is left as it is: more partitions would move keys, and a
     * task's later events could then overtake its earlier ones.
     */
    private void createTopicIfMissing() {
        if (topicReady) {
            return;
        }
        Admin admin = Admin.create(adminConfig(settings));
        try {
            admin.createTopics(List.of(new NewTopic(settings.topic(), settings.partitions(),
                            settings.replicationFactor())))
                    .all().get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            log.info("created Kafka topic {} with {} partitions", settings.topic(), settings.partitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaException("could not create Kafka topic " + settings.topic() + ": " + e.getCause(),
                        e.getCause());
            }
        } catch (TimeoutException e) {
            throw new KafkaException("could not create Kafka topic " + settings.topic() + " within "
                    + settings.sendTimeout(), e);
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
        topicReady = true;
    }

    // ---- the worker ------------------------------------------------------------------------------------------

    @Override
    public void start() {
        if (worker.start(this::publish)) {
            log.info("publishing the event feed to Kafka topic {} at {}", settings.topic(),
                    settings.bootstrapServers());
        }
    }

    /**
     * Ends the worker, then closes the producer: a pass under way is abandoned (its position is not stored) or,
     * if past its sends, ends.
     */
    @Override
    public void stop() {
        worker.stop(() -> { }, true, settings.sendTimeout().plusSeconds(5));
        producers.reset();
    }

    @Override
    public boolean isRunning() {
        return worker.isRunning();
    }

    private void publish() {
        while (worker.isRunning()) {
            try {
                OptionalInt published = pass();
                if (failedPasses > 0) {
                    log.info("publishing to Kafka topic {} works again, after {} failed passes", settings.topic(),
                            failedPasses);
                    failedPasses = 0;
                }
                if (published.orElse(0) < settings.batchSize()) {
                    // Nothing more was waiting: until events are committed, or the poll interval.
                    worker.awaitWakeUp(settings.pollInterval());
                }
            } catch (InterruptedException | InterruptException e) {
                return;
            } catch (RuntimeException e) {
                if (!worker.isRunning()) {
                    return; // stopped during the pass, which stored nothing
                }
                failedPasses++;
                if (failedPasses == 1) {
                    // Once per streak: the broker may be away for hours.
                    log.warn("publishing to Kafka topic {} failed; retrying from its stored position, backing off "
                            + "up to {} (logged again when it works): {}", settings.topic(), MAX_BACKOFF, e.toString());
                } else {
                    log.debug("publishing to Kafka topic {} failed again ({}): {}", settings.topic(), failedPasses,
                            e.toString());
                }
                try {
                    // Not woken by commits meanwhile: a broker that is away would be asked at every commit.
                    TimeUnit.NANOSECONDS.sleep(backOff());
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    private long backOff() {
        long doubled = settings.pollInterval().toNanos() << Math.min(failedPasses, 16);
        return doubled <= 0 ? MAX_BACKOFF.toNanos() : Math.min(doubled, MAX_BACKOFF.toNanos());
    }

    // ---- client configuration --------------------------------------------------------------------------------

    private static Map<String, Object> producerConfig(KafkaPublicationSettings settings) {
        Map<String, Object> config = clientConfig(settings);
        // At least once and in order: every in-sync replica has it before a send counts, and the idempotent
        // producer neither duplicates a retried batch nor lets a later one overtake it (up to 5 in flight).
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // A pass holds a database connection while it waits: a broker that is away fails it within the send
        // timeout rather than Kafka's two minutes, and the next pass retries.
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.sendTimeout().toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, timeout / 2));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) timeout);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }

    private static Map<String, Object> adminConfig(KafkaPublicationSettings settings) {
        Map<String, Object> config = clientConfig(settings);
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.sendTimeout().toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, timeout / 2));
        return config;
    }

    private static Map<String, Object> clientConfig(KafkaPublicationSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.client());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return config;
    }
}
