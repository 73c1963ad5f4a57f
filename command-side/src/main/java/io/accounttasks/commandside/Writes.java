package io.accounttasks.commandside;

import io.accounttasks.coreapi.ConflictException;
import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.NotFoundException;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * Every write of this service: one database transaction around all of its commands (Axon's unit of work joins
 * it, so events, lookup rows and the version read all commit or roll back together), and Axon's own failures
 * told in the contract's words.
 */
@Component
public class Writes {

    private final TransactionTemplate transaction;
    private final EventStore events;

    Writes(PlatformTransactionManager transactions, EventStore events) {
        this.transaction = new TransactionTemplate(transactions);
        this.events = events;
    }

    /** Runs the work in one transaction; a rule's rejection (core-api exception) passes through unchanged. */
    public <T> T inOneTransaction(Supplier<T> work) {
        try {
            return transaction.execute(status -> work.get());
        } catch (RuntimeException e) {
            throw contractual(e);
        }
    }

    /** The sequence number of the aggregate's last event: read inside the write's transaction, so it is exact. */
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
                    || cause instanceof ConflictException) {
                return (RuntimeException) cause;
            }
            if (cause instanceof ConcurrencyException) {
                return new ConflictException("the resource was changed by another request at the same time; "
                        + "read it again and retry");
            }
        }
        return e;
    }
}
