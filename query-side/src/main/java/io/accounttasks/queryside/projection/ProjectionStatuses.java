package io.accounttasks.queryside.projection;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the projection stands. It is written with its events, so it is always at the newest one; only a rebuild
 * ({@link TaskRebuild}) has a position of its own, here or on another instance.
 */
@Component
public class ProjectionStatuses {

    /** How long a "replaying?" answer is reused by the reads that ask it on every request. */
    private static final Duration REUSE = Duration.ofMillis(250);

    private final TaskRebuild taskRebuild;
    private final AtomicReference<Cached> rebuilding = new AtomicReference<>();

    ProjectionStatuses(TaskRebuild taskRebuild) {
        this.taskRebuild = taskRebuild;
    }

    public ProjectionStatus status() {
        return taskRebuild.status();
    }

    /** Whether the projection is being rebuilt, as seen at most a quarter of a second ago. */
    public boolean isRebuilding() {
        Cached cached = rebuilding.get();
        if (cached == null || cached.at.plus(REUSE).isBefore(Instant.now())) {
            cached = new Cached(taskRebuild.isRunning(), Instant.now());
            rebuilding.set(cached);
        }
        return cached.rebuilding;
    }

    private record Cached(boolean rebuilding, Instant at) {
    }
}
