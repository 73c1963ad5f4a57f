package io.accounttasks.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class LoadTest {

    @Test
    void interleavedKindsTakeTurnsAndAreTalliedApart() {
        Set<Long> small = ConcurrentHashMap.newKeySet();
        Set<Long> big = ConcurrentHashMap.newKeySet();

        List<Load.Outcome> outcomes = Load.interleaved(List.of("small", "big"), 200, Duration.ofMillis(500), List.of(
                n -> {
                    small.add(n);
                    return CompletableFuture.completedFuture(200);
                },
                n -> {
                    big.add(n);
                    return CompletableFuture.completedFuture(503);
                }));

        // 100 requests due in half a second at 200/s: 50 of each kind, numbered from 0 within their kind.
        assertThat(small).hasSize(50).contains(0L, 49L);
        assertThat(big).hasSize(50).contains(0L, 49L);
        assertThat(outcomes).extracting(Load.Outcome::name).containsExactly("small", "big");
        assertThat(outcomes.get(0).ok()).isEqualTo(50);
        assertThat(outcomes.get(0).failed()).isZero();
        assertThat(outcomes.get(1).ok()).isZero();
        assertThat(outcomes.get(1).failed()).isEqualTo(50);
        assertThat(outcomes.get(1).firstFailure()).isEqualTo("HTTP 503");
        assertThat(outcomes.get(0).latency().getTotalCount()).isEqualTo(50);
    }
}
