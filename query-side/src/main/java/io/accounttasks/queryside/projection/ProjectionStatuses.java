package io.accounttasks.queryside.projection;

import io.accounttasks.queryside.Projections;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads where each projection stands from its tokens in {@code tokenentry}, so every instance tells the same
 * story, whichever instance holds which segment (a processor's own status only knows the segments it claimed);
 * the {@code tasks} projection has no tokens, and its rebuild ({@link TaskRebuild}) tells where it stands.
 */
@Component
public class ProjectionStatuses {

    /** How long a "replaying?" answer is reused by the reads that ask it on every request. */
    private static final Duration REUSE = Duration.ofMillis(250);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final EventProcessingConfiguration processing;
    private final TaskRebuild taskRebuild;
    private final Map<String, Cached> replaying = new ConcurrentHashMap<>();

    ProjectionStatuses(JdbcTemplate jdbc, Serializer serializer, EventProcessingConfiguration processing,
                       TaskRebuild taskRebuild) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.processing = processing;
        this.taskRebuild = taskRebuild;
    }

    /** The {@code tasks} projection is written with its events and rebuilt into fresh tables: no tokens. */
    public ProjectionStatus of(String name) {
        if (Projections.TASKS.equals(name)) {
            return taskRebuild.status();
        }
        List<Segment> segments = segments(name);
        long position = segments.stream().mapToLong(Segment::position).min().orElse(0);
        boolean replaying = segments.stream().anyMatch(Segment::replaying);
        double progress = segments.stream().mapToDouble(Segment::progress).min().orElse(1);
        // The lag in events is the distance to the newest global index: two index lookups, however far behind.
        // Counting the events behind instead took seconds a million events behind (a replay, a catch-up), just
        // when an operator watches it; the distance also counts the few indexes that rolled-back writes left
        // unused, which is close enough for watching.
        Map<String, Object> behind = jdbc.queryForMap("""
                select (select max(globalindex) from domainevententry) as head,
                       (select timestamp from domainevententry where globalindex > ? order by globalindex limit 1)
                           as oldest""", position);
        String oldest = (String) behind.get("oldest");
        double lagSeconds = oldest == null ? 0
                : Math.max(0, Duration.between(Instant.parse(oldest), Instant.now()).toMillis() / 1000.0);
        long head = behind.get("head") == null ? 0 : ((Number) behind.get("head")).longValue();
        return new ProjectionStatus(name, position, oldest == null ? 0 : Math.max(0, head - position), lagSeconds,
                replaying, Math.floor(progress * 1000) / 10, segments.size());
    }

    /** Whether the projection is replaying, as seen at most a quarter of a second ago. */
    public boolean isReplaying(String name) {
        Cached cached = replaying.get(name);
        if (cached == null || cached.at.plus(REUSE).isBefore(Instant.now())) {
            cached = new Cached(Projections.TASKS.equals(name) ? taskRebuild.isRunning()
                    : segments(name).stream().anyMatch(Segment::replaying), Instant.now());
            replaying.put(name, cached);
        }
        return cached.replaying;
    }

    /**
     * Every segment: as this instance's processor knows it for the segments it claimed, which is newer than
     * what it stored (a segment with nothing to apply stores its token only every few seconds), else from the
     * token stored by whichever instance holds it.
     */
    private List<Segment> segments(String name) {
        Map<Integer, Segment> segments = new HashMap<>();
        jdbc.query("select segment, token, tokentype from tokenentry where processorname = ?", row -> {
            byte[] token = row.getBytes("token");
            segments.put(row.getInt("segment"), Segment.of(token == null ? null
                    : serializer.<byte[], TrackingToken>deserialize(new SimpleSerializedObject<>(
                            token, byte[].class, row.getString("tokentype"), null))));
        }, name);
        processing.eventProcessor(name, StreamingEventProcessor.class).ifPresent(processor ->
                processor.processingStatus().forEach((segment, status) -> {
                    if (!status.isErrorState()) {
                        segments.put(segment, Segment.of(status));
                    }
                }));
        return new ArrayList<>(segments.values());
    }

    /**
     * One segment's place. Axon keeps a segment replaying until an event newer than the reset arrives; for the
     * operator (and the readers) the replay is over once every event that was there when it began is applied.
     *
     * @param position the global index applied up to
     * @param reset    where the stream ended when a replay began; null when none runs
     */
    private record Segment(long position, Long reset) {

        static Segment of(TrackingToken token) {
            if (token instanceof ReplayToken replay) {
                return new Segment(positionOf(replay.getCurrentToken()), positionOf(replay.getTokenAtReset()));
            }
            return new Segment(positionOf(token), null);
        }

        static Segment of(EventTrackerStatus status) {
            return new Segment(status.getCurrentPosition().orElse(0),
                    status.isReplaying() ? status.getResetPosition().orElse(0) : null);
        }

        private static long positionOf(TrackingToken token) {
            return token == null ? 0 : token.position().orElse(0);
        }

        boolean replaying() {
            return reset != null && position < reset;
        }

        /** Its share of the replay done: its position against where the stream ended when it began. */
        double progress() {
            return reset == null || reset <= 0 ? 1 : Math.min(1, (double) position / reset);
        }
    }

    private record Cached(boolean replaying, Instant at) {
    }
}
