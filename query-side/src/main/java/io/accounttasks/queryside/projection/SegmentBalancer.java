package io.accounttasks.queryside.projection;

import io.accounttasks.queryside.Projections;
import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Splits each projection's segments fairly over the query-side instances that are alive.
 * <p>
 * A pooled streaming processor claims every segment it finds unclaimed, so the first instance up would project
 * the whole stream while the others idle. Every instance says it is alive in {@code query_side_instances}; one
 * that holds more than its share (segments / live instances, rounded up) releases a segment for a while, and
 * another instance's processor claims it. When an instance dies, its claims time out and the others take its
 * segments back (a released segment is only held back for {@code tasks.projections.release-for}).
 */
@Component
class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final String instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final Duration alive;
    private final Duration releaseFor;

    SegmentBalancer(JdbcTemplate jdbc, EventProcessingConfiguration processing,
                    @Value("${tasks.projections.balance-interval:2s}") Duration interval,
                    @Value("${tasks.projections.release-for:10s}") Duration releaseFor) {
        this.jdbc = jdbc;
        this.processing = processing;
        // Three missed heartbeats and an instance counts as gone.
        this.alive = interval.multipliedBy(3);
        this.releaseFor = releaseFor;
    }

    @Scheduled(fixedDelayString = "${tasks.projections.balance-interval:2s}")
    void balance() {
        jdbc.update("""
                insert into query_side_instances (instance_id, seen_at) values (?, now())
                on conflict (instance_id) do update set seen_at = now()""", instance);
        jdbc.update("delete from query_side_instances where seen_at < now() - interval '1 hour'");
        Integer live = jdbc.queryForObject(
                "select count(*) from query_side_instances where seen_at > now() - make_interval(secs => ?)",
                Integer.class, alive.toMillis() / 1000.0);
        for (String name : Projections.ALL) {
            processing.eventProcessor(name, StreamingEventProcessor.class)
                    .ifPresent(processor -> releaseAboveShare(name, processor, Math.max(1, live == null ? 1 : live)));
        }
    }

    /** Gone at once, rather than after missed heartbeats: the others take its share sooner. */
    @PreDestroy
    void leave() {
        jdbc.update("delete from query_side_instances where instance_id = ?", instance);
    }

    /** One segment at a time: the others' claims follow within their claim interval, then we look again. */
    private void releaseAboveShare(String name, StreamingEventProcessor processor, int live) {
        Integer segments = jdbc.queryForObject("select count(*) from tokenentry where processorname = ?",
                Integer.class, name);
        int share = (int) Math.ceil((double) (segments == null ? 0 : segments) / live);
        var mine = processor.processingStatus().keySet();
        if (mine.size() > share) {
            int segment = mine.stream().max(Comparator.naturalOrder()).orElseThrow();
            log.info("projection {}: holding {} of {} segments with {} instances alive; releasing segment {}",
                    name, mine.size(), segments, live, segment);
            processor.releaseSegment(segment, releaseFor.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
