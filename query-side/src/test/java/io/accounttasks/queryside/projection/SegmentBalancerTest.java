package io.accounttasks.queryside.projection;

import io.accounttasks.queryside.Projections;
import io.accounttasks.queryside.QuerySideTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * With a second query-side instance alive, this one keeps only its share of each projection's segments, and
 * takes them all back when the other is gone.
 */
class SegmentBalancerTest extends QuerySideTest {

    @Autowired
    SegmentBalancer balancer;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void anInstanceHoldsItsShareWhileAnotherIsAliveAndEverythingWhenAlone() {
        StreamingEventProcessor summaries = processing.eventProcessor(Projections.ACCOUNT_SUMMARIES, StreamingEventProcessor.class)
                .orElseThrow();
        awaitCondition("both segments held while alone", () -> summaries.processingStatus().size() == 2);
        try {
            awaitCondition("one segment of two held with another instance alive", () -> {
                anotherInstanceIsAlive();
                balancer.balance();
                return summaries.processingStatus().size() == 1;
            });
        } finally {
            jdbc.update("delete from query_side_instances where instance_id = 'another'");
        }
        // Nobody claims the released segment: once its release time is over, this instance takes it back.
        awaitCondition("both segments held again", () -> summaries.processingStatus().size() == 2);
    }

    private void anotherInstanceIsAlive() {
        jdbc.update("""
                insert into query_side_instances (instance_id, seen_at) values ('another', now())
                on conflict (instance_id) do update set seen_at = now()""");
    }
}
