package io.accounttasks.queryside.feed.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A real single-node KRaft broker for the Kafka tests, that refuses to create topics on its own (so a publisher
 * that did not create its topic fails, rather than getting a one-partition topic).
 * <p>
 * Where it comes from is the system property {@value #SOURCE}: {@code embedded} (the default: spring-kafka-test's
 * broker in this JVM, no Docker) or {@code testcontainers} (a container of the image {@value #IMAGE}, default
 * {@value #DEFAULT_IMAGE}, the one docker-compose.yml runs). Testcontainers is loaded only when chosen.
 */
record TestKafka(String servers, Runnable stopper) {

    static final String SOURCE = "tasks.test.kafka";
    static final String IMAGE = "tasks.test.kafka.image";
    static final String DEFAULT_IMAGE = "apache/kafka:3.9.0";

    void stop() {
        stopper.run();
    }

    /** Runs the function with an admin client of this broker. */
    <T> T withAdmin(Function<Admin, T> function) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers()))) {
            return function.apply(admin);
        }
    }

    static TestKafka start() {
        String source = System.getProperty(SOURCE, "embedded");
        return switch (source) {
            case "embedded" -> Embedded.start();
            case "testcontainers" -> Container.start(System.getProperty(IMAGE, DEFAULT_IMAGE));
            default -> throw new IllegalStateException(
                    "-D" + SOURCE + "=" + source + ": expected embedded or testcontainers");
        };
    }

    static final class Embedded {

        private Embedded() {
        }

        static TestKafka start() {
            // The broker's own INFO lines are hundreds at start; its warnings still show.
            LoggingSystem logging = LoggingSystem.get(TestKafka.class.getClassLoader());
            for (String logger : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
                logging.setLogLevel(logger, LogLevel.WARN);
            }
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1).kafkaPorts(0);
            broker.brokerProperty("auto.create.topics.enable", "false");
            broker.afterPropertiesSet();
            return new TestKafka(broker.getBrokersAsString(), broker::destroy);
        }
    }

    /** Its own class, so that the embedded default never loads Testcontainers (and never looks for Docker). */
    static final class Container {

        private Container() {
        }

        static TestKafka start(String image) {
            // Any image that keeps apache/kafka's contract (KAFKA_* settings, /etc/kafka/docker/run) will do.
            KafkaContainer container = new KafkaContainer(
                    DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"))
                    .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
            container.start();
            return new TestKafka(container.getBootstrapServers(), container::stop);
        }
    }
}
