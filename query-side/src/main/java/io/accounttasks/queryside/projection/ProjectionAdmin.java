package io.accounttasks.queryside.projection;

import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.queryside.Projections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds the projection from the event store while the service answers (docs/adr/0008): into fresh tables
 * swapped in at the end ({@link TaskRebuild}, docs/adr/0017). Until it is swapped in, every read it serves says so
 * ({@code X-Projection-Rebuilding}). Its progress is logged every {@code tasks.projections.replay-log-interval}.
 */
@Component
class ProjectionAdmin {

    private static final Logger log = LoggerFactory.getLogger(ProjectionAdmin.class);

    private final ProjectionStatuses statuses;
    private final TaskRebuild taskRebuild;
    private final AtomicReference<Instant> started = new AtomicReference<>();

    ProjectionAdmin(ProjectionStatuses statuses, TaskRebuild taskRebuild) {
        this.statuses = statuses;
        this.taskRebuild = taskRebuild;
    }

    List<ProjectionStatus> all() {
        return List.of(statuses.status());
    }

    ProjectionStatus one(String name) {
        known(name);
        return statuses.status();
    }

    ProjectionStatus replay(String name) {
        known(name);
        ProjectionStatus status = taskRebuild.start();
        started.set(Instant.now());
        return status;
    }

    /**
     * The account summaries were a projection of their own until they were written in the write (docs/adr/0020);
     * they are rebuilt with {@code tasks} now, and their old name is answered as not found, as any other name.
     */
    private static void known(String name) {
        if (!Projections.ALL.contains(name)) {
            throw new NotFoundException("no projection " + name + "; there are " + String.join(", ", Projections.ALL));
        }
    }

    @Scheduled(fixedDelayString = "${tasks.projections.replay-log-interval:5s}")
    void logProgress() {
        try {
            ProjectionStatus status = statuses.status();
            Instant since = started.get();
            if (status.replaying()) {
                log.info("projection {} replaying: {}% (position {}, {} events behind)", Projections.TASKS,
                        status.progress(), status.position(), status.lag());
            } else if (since != null && started.compareAndSet(since, null)) {
                log.info("replay of projection {} finished in {} s", Projections.TASKS,
                        Duration.between(since, Instant.now()).toMillis() / 1000.0);
            }
        } catch (RuntimeException e) {
            log.warn("could not read the projection's progress: {}", e.toString());
        }
    }
}
