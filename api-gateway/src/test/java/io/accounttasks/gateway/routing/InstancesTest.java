package io.accounttasks.gateway.routing;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class InstancesTest {

    private final Instances instances = new Instances(new Backends(
            List.of(URI.create("http://localhost:8081")),
            List.of(URI.create("http://localhost:8082/"), URI.create("http://127.0.0.1:18082/ignored/path")),
            Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30)));

    @Test
    void eachSidesInstancesAreTakenInTurnWithThePathAndQueryAsGiven() {
        List<URI> reads = IntStream.range(0, 4)
                .mapToObj(i -> instances.next(Backends.QUERY_SIDE, "/v1/accounts/ACC_1/tasks?q=a%20b&limit=5"))
                .toList();

        assertThat(reads).containsExactly(
                URI.create("http://localhost:8082/v1/accounts/ACC_1/tasks?q=a%20b&limit=5"),
                URI.create("http://127.0.0.1:18082/v1/accounts/ACC_1/tasks?q=a%20b&limit=5"),
                URI.create("http://localhost:8082/v1/accounts/ACC_1/tasks?q=a%20b&limit=5"),
                URI.create("http://127.0.0.1:18082/v1/accounts/ACC_1/tasks?q=a%20b&limit=5"));
        assertThat(instances.next(Backends.COMMAND_SIDE, "/v1/accounts"))
                .isEqualTo(URI.create("http://localhost:8081/v1/accounts"));
    }
}
