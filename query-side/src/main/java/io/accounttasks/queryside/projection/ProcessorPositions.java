package io.accounttasks.queryside.projection;

import io.accounttasks.queryside.Projections;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Where each event processor of the query side stands, as gauges on {@code /actuator/prometheus}:
 * {@code tasks_processor_position} (the global index of the event store applied up to), {@code
 * tasks_processor_lag} (events behind the newest one) and {@code tasks_processor_replaying} (1 while a replay
 * runs), tagged {@code processor}: {@code tasks}, the projection (written with its events, so behind only while a
 * rebuild runs), and {@code event-feed}, the feed (given its places at commit, docs/adr/0019).
 * <p>
 * Read only when scraped, and once per processor and scrape (the three gauges of one share a reading for a
 * second): a few index lookups (the newest global index, the feed's last row), never a count over the event store.
 * The projection's figures are {@code /admin/projections}'s, so both tell the same story.
 */
@Component
class ProcessorPositions implements MeterBinder {

    /** The feed's tag: it is no Axon processor, but it follows the event store as they do. */
    static final String FEED = "event-feed";

    /** Long enough for one scrape's gauges to share a reading, far below any scrape interval. */
    private static final Duration REUSE = Duration.ofSeconds(1);

    private final ProjectionStatuses statuses;
    private final JdbcTemplate jdbc;
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();

    ProcessorPositions(ProjectionStatuses statuses, JdbcTemplate jdbc) {
        this.statuses = statuses;
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        register(registry, Projections.TASKS);
        register(registry, FEED);
    }

    private void register(MeterRegistry registry, String processor) {
        gauge(registry, processor, "tasks.processor.position", Place::position,
                "global index of the event store the processor has applied up to (its slowest segment)");
        gauge(registry, processor, "tasks.processor.lag", Place::lag,
                "events stored after the processor's position (the distance to the newest global index)");
        gauge(registry, processor, "tasks.processor.replaying", place -> place.replaying() ? 1 : 0,
                "1 while the processor replays from the start (docs/adr/0008), else 0");
    }

    private void gauge(MeterRegistry registry, String processor, String name, ToDoubleFunction<Place> value,
                       String description) {
        Gauge.builder(name, () -> value.applyAsDouble(place(processor)))
                .tag("processor", processor)
                .description(description)
                .register(registry);
    }

    private Place place(String processor) {
        return readings.compute(processor, (name, last) -> last != null && last.at.plus(REUSE).isAfter(Instant.now())
                ? last : new Reading(read(name), Instant.now())).place;
    }

    private Place read(String processor) {
        if (!FEED.equals(processor)) {
            ProjectionStatus status = statuses.status();
            return new Place(status.position(), status.lag(), status.replaying());
        }
        // The feed numbers events in commit order, so its last row's global index is where it stands; the
        // distance to the newest one counts the events of transactions still committing, and, like the
        // projections' lag, the indexes rolled-back writes left.
        Map<String, Object> row = jdbc.queryForMap("""
                select (select max(globalindex) from domainevententry) as head,
                       (select globalindex from event_feed order by position desc limit 1) as position""");
        long head = row.get("head") == null ? 0 : ((Number) row.get("head")).longValue();
        long position = row.get("position") == null ? 0 : ((Number) row.get("position")).longValue();
        return new Place(position, Math.max(0, head - position), false);
    }

    private record Place(long position, long lag, boolean replaying) {
    }

    private record Reading(Place place, Instant at) {
    }
}
