package io.accounttasks.edge;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The secrets every service checks. Each reads its property first and then the environment variable that
 * API.md names, because Spring's relaxed binding cannot map {@code TASKS_JWT_JWK_SET_URI} to a dashed name.
 * The defaults are for a local machine only; run-local and the README say so.
 */
@Component
public class EdgeSettings {

    static final String LOCAL_JWT_SECRET = "local-dev-jwt-secret-change-me-0123456789";
    static final String LOCAL_ADMIN_SECRET = "local-admin-secret";

    private final String jwtSecret;
    private final String jwkSetUri;
    private final String adminSecret;
    private final long maxRequestBytes;

    public EdgeSettings(
            @Value("${tasks.jwt.secret:${TASKS_JWT_SECRET:" + LOCAL_JWT_SECRET + "}}") String jwtSecret,
            @Value("${tasks.jwt.jwk-set-uri:${TASKS_JWT_JWK_SET_URI:}}") String jwkSetUri,
            @Value("${tasks.admin-secret:${TASKS_ADMIN_SECRET:" + LOCAL_ADMIN_SECRET + "}}") String adminSecret,
            @Value("${tasks.max-request-bytes:1048576}") long maxRequestBytes) {
        this.jwtSecret = jwtSecret;
        this.jwkSetUri = jwkSetUri;
        this.adminSecret = adminSecret;
        this.maxRequestBytes = maxRequestBytes;
    }

    public String jwtSecret() {
        return jwtSecret;
    }

    public String jwkSetUri() {
        return jwkSetUri;
    }

    public String adminSecret() {
        return adminSecret;
    }

    public long maxRequestBytes() {
        return maxRequestBytes;
    }
}
