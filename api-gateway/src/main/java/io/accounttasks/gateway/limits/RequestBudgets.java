package io.accounttasks.gateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;

/**
 * The fixed-window counts of requests per API key, in this gateway's memory. A key's window starts at its first
 * request and lasts {@code tasks.rate-limit.window}; the next request after it starts a fresh one.
 * <p>
 * Keys are named by the SHA-256 of the API key, never the key. The counts are bounded in number (least recently
 * used forgotten first, which can only give a forgotten key a fresh budget, never refuse one wrongly) and an idle
 * key's count goes once its window is over. Time comes from the {@link Clock}, so tests move it instead of waiting.
 */
final class RequestBudgets {

    /** What one request was told: allowed or not, and the numbers for the X-RateLimit-* headers. */
    record Verdict(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    /**
     * One key's current window: when it started and how many requests it has asked for, counted up to one past the
     * limit (which is all "refused" needs, and keeps a hammering client from overflowing the count).
     */
    private record Window(long startMillis, int asked) {
    }

    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final Cache<String, Window> windows;

    RequestBudgets(RateLimitProperties properties, Clock clock) {
        this.limit = properties.requests();
        this.windowMillis = properties.window().toMillis();
        this.clock = clock;
        this.windows = Caffeine.newBuilder()
                .maximumSize(properties.trackedKeys())
                // Every request rewrites its key's entry, so only a key idle for a whole window is dropped; by then
                // its window is over anyway (this timer runs on the real clock, the windows on the injected one).
                .expireAfterWrite(properties.window())
                .build();
    }

    /** Counts one request of the key and says whether it is within the key's budget. */
    Verdict spend(String keyHash) {
        long now = clock.millis();
        // compute runs atomically per key: two concurrent requests of one key never both take the last request.
        Window window = windows.asMap().compute(keyHash, (hash, current) -> {
            // A clock that stepped back (an NTP correction) starts a fresh window rather than one that never ends.
            if (current == null || now >= current.startMillis() + windowMillis || now < current.startMillis()) {
                return new Window(now, 1);
            }
            return current.asked() <= limit ? new Window(current.startMillis(), current.asked() + 1) : current;
        });
        long resetMillis = window.startMillis() + windowMillis - now;
        // Rounded up: a client that waits the seconds it was told finds the window over, never a moment early.
        long resetSeconds = Math.max(0, (resetMillis + 999) / 1000);
        return new Verdict(window.asked() <= limit, limit, Math.max(0, limit - window.asked()), resetSeconds);
    }
}
