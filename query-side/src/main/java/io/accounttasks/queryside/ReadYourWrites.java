package io.accounttasks.queryside;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The query side's half of read-your-writes (docs/ARCHITECTURE.md, "Internal protocol"): a GET with
 * {@code X-Min-Version: V} waits, bounded, until the row behind its path has {@code version >= V}.
 * <p>
 * A waiting request is woken at once when this JVM's projector commits, and looks again every poll interval
 * anyway, since the row may be written by another instance's projector. It holds no database connection while
 * it waits: each look is one short query outside any transaction.
 */
@Component
public class ReadYourWrites {

    public static final String MIN_VERSION = "X-Min-Version";
    public static final String PROJECTION_PENDING = "X-Projection-Pending";

    private final Duration timeout;
    private final Duration pollInterval;
    private final Object commits = new Object();
    /** Bumped after every projector commit; a waiter that saw an older value knows something changed. */
    private volatile long commitCount;

    public ReadYourWrites(@Value("${tasks.read-your-writes.timeout:5s}") Duration timeout,
                          @Value("${tasks.read-your-writes.poll-interval:25ms}") Duration pollInterval) {
        this.timeout = timeout;
        this.pollInterval = pollInterval;
    }

    /**
     * Called by every projector handler: wakes the waiters once the handler's transaction commits (once per
     * transaction, however many events the batch held). Waking before the commit would let a waiter look,
     * miss the row, and sleep again.
     */
    public void projectedInThisTransaction() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            committed();
            return;
        }
        if (!TransactionSynchronizationManager.hasResource(this)) {
            TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(ReadYourWrites.this);
                    if (status == STATUS_COMMITTED) {
                        committed();
                    }
                }
            });
        }
    }

    private void committed() {
        synchronized (commits) {
            commitCount++;
            commits.notifyAll();
        }
    }

    /**
     * Returns once {@code currentVersion} (null while the row does not exist) is at least {@code minVersion};
     * at once when no minimum was asked for. Throws {@link ProjectionPending} (503) when the bound passes.
     */
    public void awaitVersion(Long minVersion, Supplier<Long> currentVersion) {
        if (minVersion == null) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // Read before looking, so a commit between the look and the wait is not slept through.
            long seen = commitCount;
            Long version = currentVersion.get();
            if (version != null && version >= minVersion) {
                return;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new ProjectionPending(minVersion);
            }
            long waitNanos = Math.min(remaining, pollInterval.toNanos());
            synchronized (commits) {
                if (commitCount == seen) {
                    try {
                        commits.wait(Math.max(1, waitNanos / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ProjectionPending(minVersion);
                    }
                }
            }
        }
    }

    /**
     * The bound passed: the write is stored and will be visible shortly. 503 with {@code X-Projection-Pending},
     * which tells the gateway to answer 202 instead; service-edge renders it as problem+json, headers kept.
     */
    public static class ProjectionPending extends ResponseStatusException {

        ProjectionPending(long minVersion) {
            super(HttpStatus.SERVICE_UNAVAILABLE, "the read model has not yet reached version " + minVersion
                    + "; the write is stored and will be visible shortly");
        }

        @Override
        public HttpHeaders getHeaders() {
            HttpHeaders headers = new HttpHeaders();
            headers.set(PROJECTION_PENDING, "true");
            return headers;
        }
    }
}
