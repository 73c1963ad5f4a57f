package io.accounttasks.gateway.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The key material and secrets the gateway checks callers with. application.yml maps each to the environment
 * variable API.md names ({@code TASKS_JWT_SECRET}, {@code TASKS_JWT_JWK_SET_URI}, {@code TASKS_ADMIN_SECRET});
 * the defaults are for a local machine only.
 */
@ConfigurationProperties("tasks")
record IdentityProperties(Jwt jwt, @DefaultValue("local-admin-secret") String adminSecret, ApiKeys apiKeys) {

    IdentityProperties {
        jwt = jwt != null ? jwt : new Jwt(Jwt.LOCAL_SECRET, "");
        apiKeys = apiKeys != null ? apiKeys : new ApiKeys(Duration.ofSeconds(60), 10_000);
    }

    /** HS256 with a shared secret, or RS256 against a JWK set when its URI is given. */
    record Jwt(@DefaultValue(LOCAL_SECRET) String secret, @DefaultValue("") String jwkSetUri) {
        static final String LOCAL_SECRET = "local-dev-jwt-secret-change-me-0123456789";
    }

    /** How long, and how many, found API keys are remembered. */
    record ApiKeys(@DefaultValue("60s") Duration cacheTtl, @DefaultValue("10000") long cacheSize) {
    }
}
