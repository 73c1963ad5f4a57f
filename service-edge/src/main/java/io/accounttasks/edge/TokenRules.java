package io.accounttasks.edge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.accounttasks.coreapi.Ids;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.user.UserId;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * What makes a token acceptable, in one place for the gateway and every service, so the gateway never lets
 * through what a service would refuse: a signature by our key (HS256 secret, or RS256 from a JWK set in
 * production), an {@code exp} in the future, {@code sub} a user id and {@code org} an organization id.
 */
public final class TokenRules {

    public static final String ORG_CLAIM = "org";

    private TokenRules() {
    }

    /** A JWK set URI, when given, replaces the secret: the secret then opens nothing. */
    public static JwtDecoder decoder(String secret, String jwkSetUri) {
        NimbusJwtDecoder decoder;
        if (jwkSetUri != null && !jwkSetUri.isBlank()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
        } else {
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            if (key.length < 32) {
                throw new IllegalStateException("TASKS_JWT_SECRET must be at least 32 bytes for HS256");
            }
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefault(), TokenRules::requireIdentityClaims));
        return new RememberedTokens(decoder, Clock.systemUTC());
    }

    /**
     * A client sends the same token with every request: each is checked by the rules once, then only against its
     * {@code exp}, and checked again by the rules once that has passed (their clock skew decides). Parsing and
     * verifying it each time was a twentieth of the gateway's CPU per request (docs/BENCHMARKS.md, step 23).
     */
    static final class RememberedTokens implements JwtDecoder {

        private final JwtDecoder rules;
        private final Clock clock;
        private final Cache<String, Jwt> accepted = Caffeine.newBuilder()
                .maximumSize(1_000)
                .expireAfterWrite(Duration.ofMinutes(5))
                .build();

        RememberedTokens(JwtDecoder rules, Clock clock) {
            this.rules = rules;
            this.clock = clock;
        }

        @Override
        public Jwt decode(String token) {
            Jwt jwt = accepted.getIfPresent(token);
            if (jwt != null && jwt.getExpiresAt().isAfter(clock.instant())) {
                return jwt;
            }
            jwt = rules.decode(token);
            accepted.put(token, jwt);
            return jwt;
        }
    }

    static OAuth2TokenValidatorResult requireIdentityClaims(Jwt jwt) {
        // The default validators check exp only when it is there; a token that never expires is not accepted.
        if (jwt.getExpiresAt() == null) {
            return failure("the token has no exp claim");
        }
        if (!Ids.isWellFormed(UserId.PREFIX, jwt.getSubject())) {
            return failure("the token's sub must be a user id (USR_...)");
        }
        if (!Ids.isWellFormed(OrganizationId.PREFIX, jwt.getClaimAsString(ORG_CLAIM))) {
            return failure("the token's org must be an organization id (ORG_...)");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult failure(String why) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", why, null));
    }
}
