package io.accounttasks.queryside.feed;

import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.queryside.CommittedEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The feed as Server-Sent Events: each subscriber gets its organization's events after its position, each with
 * the position as its SSE id, so a client that reconnects with {@code Last-Event-ID} goes on exactly where it
 * stopped (browsers' EventSource does so by itself).
 * <p>
 * Subscribers are served from a small pool: woken at once when events are committed (their places in the feed
 * are given at commit, docs/adr/0019), and every poll interval anyway, should a notification be lost. A comment line goes out every heartbeat, so
 * proxies (the gateway's read timeout among them) see a live connection, and a gone client is noticed.
 */
@Component
class EventStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    private static final int BATCH = 500;

    private final EventFeed feed;
    private final CommittedEvents committed;
    private final Duration timeout;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final ExecutorService senders = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "event-stream-sender");
        thread.setDaemon(true);
        return thread;
    });

    EventStream(EventFeed feed, CommittedEvents committed,
                @Value("${tasks.feed.stream.timeout:30m}") Duration timeout) {
        this.feed = feed;
        this.timeout = timeout;
        this.committed = committed;
        committed.onCommit(this::wakeAll, () -> !subscriptions.isEmpty());
    }

    /**
     * A new stream of the organization's events after {@code after}. It ends after the timeout (the client
     * reconnects with its last id) or when the client goes.
     */
    SseEmitter subscribe(OrganizationId organizationId, long after) {
        if (!running) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "this instance is shutting down; "
                    + "connect again (to another instance) with your Last-Event-ID");
        }
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Subscription subscription = new Subscription(organizationId, emitter, after);
        emitter.onCompletion(() -> subscriptions.remove(subscription));
        emitter.onTimeout(() -> {
            subscriptions.remove(subscription);
            emitter.complete();
        });
        emitter.onError(error -> subscriptions.remove(subscription));
        try {
            // Sent at once, so the response (and its headers) reaches the client before the first event does.
            emitter.send(SseEmitter.event().reconnectTime(1000).comment("events after " + after));
        } catch (IOException e) {
            emitter.completeWithError(e);
            return emitter;
        }
        subscriptions.add(subscription);
        committed.waiting();
        senders.execute(subscription::catchUp);
        return emitter;
    }

    /** How many streams are open on this instance. */
    int subscribers() {
        return subscriptions.size();
    }

    /** Also every poll interval: a notification may have been lost while the listening connection was away. */
    @Scheduled(fixedDelayString = "${tasks.feed.stream.poll-interval:250ms}")
    void wakeAll() {
        if (!running) {
            return;
        }
        subscriptions.forEach(subscription -> senders.execute(subscription::catchUp));
    }

    @Scheduled(fixedDelayString = "${tasks.feed.stream.heartbeat:5s}")
    void heartbeat() {
        if (!running) {
            return;
        }
        subscriptions.forEach(subscription -> {
            try {
                subscription.emitter.send(SseEmitter.event().comment("keep-alive"));
            } catch (IOException | IllegalStateException e) {
                subscription.close();
            }
        });
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every stream before the web server's graceful shutdown (a later phase) waits for open requests: a
     * stream never ends by itself, and would hold the shutdown for its whole timeout. Clients reconnect with
     * their {@code Last-Event-ID}, to another instance or to this one restarted.
     */
    @Override
    public void stop() {
        running = false;
        subscriptions.forEach(Subscription::close);
        senders.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One client's stream and how far it has been sent. One sender at a time, so events leave in order. */
    private final class Subscription {

        private final OrganizationId organizationId;
        private final SseEmitter emitter;
        private final AtomicBoolean sending = new AtomicBoolean();
        private volatile long position;

        Subscription(OrganizationId organizationId, SseEmitter emitter, long position) {
            this.organizationId = organizationId;
            this.emitter = emitter;
            this.position = position;
        }

        void catchUp() {
            if (!sending.compareAndSet(false, true)) {
                return; // the sender at work sends whatever is new, too
            }
            try {
                FeedPage page;
                do {
                    page = feed.read(organizationId, position, BATCH);
                    for (FeedEvent event : page.data()) {
                        emitter.send(SseEmitter.event().id(Long.toString(event.position()))
                                .data(event, MediaType.APPLICATION_JSON));
                        position = event.position();
                    }
                } while (page.data().size() == BATCH);
            } catch (IOException | IllegalStateException e) {
                close(); // the client went away
            } catch (RuntimeException e) {
                // The database away: the next wake-up tries again from the same position.
                log.warn("event stream of {} failed at position {}: {}", organizationId, position, e.toString());
            } finally {
                sending.set(false);
            }
        }

        void close() {
            subscriptions.remove(this);
            emitter.complete();
        }
    }
}
