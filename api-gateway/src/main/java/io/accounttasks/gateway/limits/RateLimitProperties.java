package io.accounttasks.gateway.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How many {@code /v1/**} requests one API key may make per window, at this gateway instance
 * ({@code TASKS_RATE_LIMIT_REQUESTS} per {@code TASKS_RATE_LIMIT_WINDOW}); 0 requests turns the limit off.
 *
 * @param requests     requests allowed per window and key; 0 (or less) disables the limit and its headers
 * @param window       the length of one window, which starts at a key's first request
 * @param trackedKeys  how many keys' windows are kept at most; the least recently used is forgotten beyond that
 */
@ConfigurationProperties("tasks.rate-limit")
public record RateLimitProperties(@DefaultValue("1000") int requests,
                                  @DefaultValue("1m") Duration window,
                                  @DefaultValue("100000") long trackedKeys) {

    public RateLimitProperties {
        if (window.toMillis() < 1000) {
            // X-RateLimit-Reset and Retry-After count whole seconds; a shorter window cannot be told to a client.
            throw new IllegalArgumentException("tasks.rate-limit.window must be at least 1s, got " + window);
        }
        if (trackedKeys < 1) {
            throw new IllegalArgumentException("tasks.rate-limit.tracked-keys must be positive, got " + trackedKeys);
        }
    }

    boolean enabled() {
        return requests > 0;
    }
}
