package io.accounttasks.queryside.projection;

import org.axonframework.config.EventProcessingConfiguration;
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
 * story, whichever instance holds which segment (a processor's own status only knows the segments it claimed).
 */
@Component
public class ProjectionStatuses {

    /** How long a "replaying?" answer is reused by the reads that ask it on every request. */
    private static final Duration REUSE = Duration.ofMillis(250);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final EventProcessingConfiguration processing;
    private final Map<String, Cached> replaying = new ConcurrentHashMap<>();

    ProjectionStatuses(JdbcTemplate jdbc, Serializer serializer, EventProcessingConfiguration processing) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.processing = processing;
    }

    public ProjectionStatus of(String name) {
        List<TrackingToken> tokens = tokens(name);
        long position = tokens.stream().mapToLong(ProjectionStatuses::position).min().orElse(0);
        boolean replaying = tokens.stream().anyMatch(ProjectionStatuses::replaying);
        double progress = tokens.stream().mapToDouble(ProjectionStatuses::progress).min().orElse(1);
        Map<String, Object> behind = jdbc.queryForMap("""
                select count(*) as lag,
                       (select timestamp from domainevententry where globalindex > ? order by globalindex limit 1)
                           as oldest
                from domainevententry where globalindex > ?""", position, position);
        String oldest = (String) behind.get("oldest");
        double lagSeconds = oldest == null ? 0
                : Math.max(0, Duration.between(Instant.parse(oldest), Instant.now()).toMillis() / 1000.0);
        return new ProjectionStatus(name, position, ((Number) behind.get("lag")).longValue(), lagSeconds,
                replaying, Math.floor(progress * 1000) / 10, tokens.size());
    }

    /** Whether the projection is replaying, as seen at most a quarter of a second ago. */
    public boolean isReplaying(String name) {
        Cached cached = replaying.get(name);
        if (cached == null || cached.at.plus(REUSE).isBefore(Instant.now())) {
            cached = new Cached(tokens(name).stream().anyMatch(ProjectionStatuses::replaying), Instant.now());
            replaying.put(name, cached);
        }
        return cached.replaying;
    }

    /**
     * One token per segment (null for a segment that has seen no event yet): as this instance's processor holds
     * it in memory for the segments it claimed, which is newer than what it stored (a segment with nothing to
     * apply stores its token only every few seconds), else as stored by whichever instance holds it.
     */
    private List<TrackingToken> tokens(String name) {
        Map<Integer, TrackingToken> tokens = new HashMap<>();
        jdbc.query("select segment, token, tokentype from tokenentry where processorname = ?", row -> {
            byte[] token = row.getBytes("token");
            tokens.put(row.getInt("segment"), token == null ? null
                    : serializer.<byte[], TrackingToken>deserialize(new SimpleSerializedObject<>(
                            token, byte[].class, row.getString("tokentype"), null)));
        }, name);
        processing.eventProcessor(name, StreamingEventProcessor.class).ifPresent(processor ->
                processor.processingStatus().forEach((segment, status) -> {
                    if (status.getTrackingToken() != null && !status.isErrorState()
                            && !staleAfterReset(tokens.get(segment), status.getTrackingToken())) {
                        tokens.put(segment, status.getTrackingToken());
                    }
                }));
        return new ArrayList<>(tokens.values());
    }

    /**
     * Right after a reset the processor may still show a segment's token from before it; a replay token in
     * memory stays one until the replay is over, so a plain token no further than the reset is that stale one.
     */
    private static boolean staleAfterReset(TrackingToken stored, TrackingToken inMemory) {
        return stored instanceof ReplayToken replay && !(inMemory instanceof ReplayToken)
                && position(inMemory) <= position(replay.getTokenAtReset());
    }

    private static long position(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0);
    }

    /**
     * Axon keeps a segment's token a replay token until an event newer than the reset arrives; for the operator
     * (and the readers) the replay is over once every event that was there when it began has been applied.
     */
    private static boolean replaying(TrackingToken token) {
        return token instanceof ReplayToken && progress(token) < 1;
    }

    /** A segment's share of its replay done: its position against where the stream ended when it began. */
    private static double progress(TrackingToken token) {
        if (!(token instanceof ReplayToken replay)) {
            return 1;
        }
        long target = replay.getTokenAtReset() == null ? 0 : replay.getTokenAtReset().position().orElse(0);
        long current = replay.getCurrentToken() == null ? 0 : replay.getCurrentToken().position().orElse(0);
        return target <= 0 ? 1 : Math.min(1, (double) current / target);
    }

    private record Cached(boolean replaying, Instant at) {
    }
}
