package io.accounttasks.queryside;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The event store as the projection processors read it, so that an idle processor notices a new event as soon as
 * it is committed instead of after Axon's fixed 500 ms.
 * <p>
 * A pooled streaming processor's coordinator, finding no event, looks again after 500 ms unless its stream
 * supports an "events available" callback (Axon Server's does; the embedded JDBC store's does not). This source's
 * streams accept the callback and call it whenever events were committed ({@link CommittedEvents}), and every
 * {@code tasks.projections.idle-poll} anyway, should a notification be lost: each call makes the coordinator look
 * at its stream again (Axon schedules at most one such look at a time), and the stream, one of its own per
 * processor (ProjectionConfiguration), asks the database for events after its position.
 */
public class PromptEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private final StreamableMessageSource<TrackedEventMessage<?>> eventStore;
    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService nudger = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projections-nudger");
        thread.setDaemon(true);
        return thread;
    });

    public PromptEventSource(StreamableMessageSource<TrackedEventMessage<?>> eventStore, CommittedEvents committed,
                             Duration idlePoll) {
        this.eventStore = eventStore;
        committed.onCommit(this::nudge);
        long millis = Math.max(1, idlePoll.toMillis());
        nudger.scheduleWithFixedDelay(this::nudge, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void nudge() {
        callbacks.forEach(PromptEventSource::runQuietly);
    }

    private static void runQuietly(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            // A coordinator that is shutting down may refuse the nudge; a running one gets the next.
        }
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new Stream(eventStore.openStream(trackingToken));
    }

    @Override
    public TrackingToken createTailToken() {
        return eventStore.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return eventStore.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return eventStore.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return eventStore.createTokenSince(duration);
    }

    @Override
    public void close() {
        nudger.shutdownNow();
    }

    /** The store's own stream, plus the callback. */
    private final class Stream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> events;
        private volatile Runnable callback;

        Stream(BlockingStream<TrackedEventMessage<?>> events) {
            this.events = events;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            Runnable previous = this.callback;
            if (previous != null) {
                callbacks.remove(previous);
            }
            this.callback = callback;
            callbacks.add(callback);
            return true;
        }

        @Override
        public boolean hasNextAvailable() {
            return events.hasNextAvailable();
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return events.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return events.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return events.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            events.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            Runnable current = callback;
            if (current != null) {
                callbacks.remove(current);
            }
            events.close();
        }
    }
}
