package io.accounttasks.gateway.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Grants the admin role to a request on {@code /admin/**} whose {@code x-admin-secret} is the configured secret.
 * Without it the request stays anonymous, and {@link GatewaySecurity} answers 401.
 */
final class AdminSecretFilter extends OncePerRequestFilter {

    static final String HEADER = "x-admin-secret";

    private final byte[] secretDigest;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    AdminSecretFilter(String secret) {
        this.secretDigest = sha256(secret);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !GatewaySecurity.isAdminPath(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        // Digests of equal length compared in constant time: neither the secret's bytes nor its length can be
        // guessed from response times.
        if (given != null && MessageDigest.isEqual(secretDigest, sha256(given))) {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    "admin", null, AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
            contexts.setContext(context);
        }
        chain.doFilter(request, response);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
