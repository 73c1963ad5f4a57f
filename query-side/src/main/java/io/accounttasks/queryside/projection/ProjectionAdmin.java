package io.accounttasks.queryside.projection;

import io.accounttasks.coreapi.ConflictException;
import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.queryside.Projections;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds a projection from the event store while the service answers (docs/adr/0008). The {@code tasks}
 * projection is rebuilt into fresh tables swapped in at the end ({@link TaskRebuild}, docs/adr/0017); a tracking
 * one ({@code account-summaries}) has its processor stopped, its tokens sent back to the start (its reset handler
 * empties its tables), and run again. Until either has caught up, every read it serves says so
 * ({@code X-Projection-Rebuilding}). A replay's progress is logged every
 * {@code tasks.projections.replay-log-interval}.
 */
@Component
class ProjectionAdmin {

    private static final Logger log = LoggerFactory.getLogger(ProjectionAdmin.class);

    private final EventProcessingConfiguration processing;
    private final ProjectionStatuses statuses;
    private final TaskRebuild taskRebuild;
    private final Map<String, Instant> replaysStarted = new ConcurrentHashMap<>();

    ProjectionAdmin(EventProcessingConfiguration processing, ProjectionStatuses statuses, TaskRebuild taskRebuild) {
        this.processing = processing;
        this.statuses = statuses;
        this.taskRebuild = taskRebuild;
    }

    List<ProjectionStatus> all() {
        return Projections.ALL.stream().filter(this::exists).map(statuses::of).toList();
    }

    ProjectionStatus one(String name) {
        if (!exists(name)) {
            throw unknown(name);
        }
        return statuses.of(name);
    }

    synchronized ProjectionStatus replay(String name) {
        if (Projections.TASKS.equals(name)) {
            ProjectionStatus started = taskRebuild.start();
            replaysStarted.put(name, Instant.now());
            return started;
        }
        PooledStreamingEventProcessor processor = processor(name);
        if (statuses.of(name).replaying()) {
            throw new ConflictException("projection " + name + " is already replaying");
        }
        processor.shutDown();
        try {
            processor.resetTokens();
        } catch (UnableToClaimTokenException e) {
            throw new ConflictException("another instance holds segments of projection " + name
                    + "; a replay needs them all released (stop its processors, or retry)");
        } finally {
            processor.start();
        }
        replaysStarted.put(name, Instant.now());
        log.info("replay of projection {} started", name);
        return statuses.of(name);
    }

    private PooledStreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, PooledStreamingEventProcessor.class)
                .orElseThrow(() -> unknown(name));
    }

    private static NotFoundException unknown(String name) {
        return new NotFoundException("no projection " + name + "; there are " + String.join(", ", Projections.ALL));
    }

    /** The tasks projection needs no processor here: it is written with its events, and rebuilt by this side. */
    private boolean exists(String name) {
        return Projections.TASKS.equals(name) || processing.eventProcessor(name).isPresent();
    }

    @Scheduled(fixedDelayString = "${tasks.projections.replay-log-interval:5s}")
    void logProgress() {
        try {
            for (String name : Projections.ALL) {
                if (!exists(name)) {
                    continue;
                }
                ProjectionStatus status = statuses.of(name);
                Instant started = replaysStarted.get(name);
                if (status.replaying()) {
                    log.info("projection {} replaying: {}% (position {}, {} events behind)", name,
                            status.progress(), status.position(), status.lag());
                } else if (started != null) {
                    replaysStarted.remove(name);
                    log.info("replay of projection {} finished in {} s", name,
                            Duration.between(started, Instant.now()).toMillis() / 1000.0);
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not read the projections' progress: {}", e.toString());
        }
    }
}
