package io.accounttasks.commandside;

import io.accounttasks.coreapi.ConflictException;
import io.accounttasks.coreapi.ForbiddenException;
import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.NotFoundException;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Every write of this service: one database transaction around all of its commands (Axon's unit of work joins
 * it, so events, lookup rows and the version read all commit or roll back together), and Axon's own failures
 * told in the contract's words.
 * <p>
 * The transaction is nested: on its own it is a transaction of its own, but inside the transaction of a request
 * with an {@code Idempotency-Key} (which holds the key's row, IdempotentRequests) it is a savepoint, so a failed
 * attempt is undone without giving up the key, and the key commits with the events of the attempt that worked.
 */
@Component
public class Writes {

    private final TransactionTemplate transaction;
    private final EventStore events;
    private final int conflictRetries;
    private final Duration firstBackoff;

    Writes(PlatformTransactionManager transactions, EventStore events,
           @Value("${tasks.writes.conflict-retries:5}") int conflictRetries,
           @Value("${tasks.writes.conflict-backoff:10ms}") Duration firstBackoff) {
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.events = events;
        this.conflictRetries = conflictRetries;
        this.firstBackoff = firstBackoff;
    }

    /** Runs the work in one transaction; a rule's rejection (core-api exception) passes through unchanged. */
    public <T> T inOneTransaction(Supplier<T> work) {
        try {
            return transaction.execute(status -> work.get());
        } catch (RuntimeException e) {
            throw contractual(e);
        }
    }

    /**
     * Like {@link #inOneTransaction}, for a write decided on the aggregate's current state: if another writer
     * appended the aggregate's next event first, the whole work runs again in a new transaction (it reloads the
     * aggregate and decides again on what is there now), up to {@code tasks.writes.conflict-retries} times after
     * pauses that grow and are jittered, so that writers who collided do not collide again in step. Only a write
     * that loses every time answers 409. The work must be safe to run again: it may write only through its
     * transaction.
     */
    public <T> T retryingConflicts(Supplier<T> work) {
        for (int retry = 0; ; retry++) {
            try {
                return inOneTransaction(work);
            } catch (ConcurrentWriteException e) {
                if (retry >= conflictRetries) {
                    throw e;
                }
                pause(retry, e);
            }
        }
    }

    private void pause(int retry, ConcurrentWriteException conflict) {
        long bound = Math.max(1, firstBackoff.toMillis() << Math.min(retry, 5));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(bound / 2, bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw conflict;
        }
    }

    /**
     * The sequence number of the aggregate's last event: read inside the write's transaction, so it is exact; read
     * outside one, it is the version as committed now.
     */
    public long versionOf(Object aggregateId) {
        return events.lastSequenceNumberFor(aggregateId.toString())
                .orElseThrow(() -> new IllegalStateException("no events for " + aggregateId));
    }

    /** When the aggregate's last event was recorded (its {@code createdAt} right after a create). */
    public Instant lastEventTime(Object aggregateId) {
        DomainEventStream stream = events.readEvents(aggregateId.toString());
        Instant last = null;
        while (stream.hasNext()) {
            last = stream.next().getTimestamp();
        }
        if (last == null) {
            throw new IllegalStateException("no events for " + aggregateId);
        }
        return last;
    }

    private static RuntimeException contractual(RuntimeException e) {
        // The rejection may come wrapped (a subscribing handler's failure travels through Axon's error handlers).
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidInputException || cause instanceof NotFoundException
                    || cause instanceof ConflictException || cause instanceof ForbiddenException
                    || cause instanceof PreconditionFailedException) {
                return (RuntimeException) cause;
            }
            if (cause instanceof ConcurrencyException) {
                return new ConcurrentWriteException();
            }
        }
        return e;
    }
}
