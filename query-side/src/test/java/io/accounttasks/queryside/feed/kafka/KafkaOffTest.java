package io.accounttasks.queryside.feed.kafka;

import io.accounttasks.queryside.QuerySideTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Without tasks.kafka.bootstrap-servers (the shared context's case) no Kafka client exists to connect or log. */
class KafkaOffTest extends QuerySideTest {

    @Autowired
    ApplicationContext context;

    @Test
    void withoutBootstrapServersThereIsNoKafkaClient() {
        for (Class<?> type : new Class<?>[]{KafkaPublisher.class, KafkaPublicationSettings.class, KafkaTemplate.class,
                ProducerFactory.class, KafkaAdmin.class}) {
            assertThat(context.getBeanNamesForType(type)).as(type.getSimpleName()).isEmpty();
        }
    }
}
