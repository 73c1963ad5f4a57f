package io.accounttasks.gateway.identity;

import io.accounttasks.coreapi.Ids;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.user.UserId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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

/**
 * The same token rules every service applies (service-edge), so the gateway never lets through what a service
 * would refuse: a signature by our key, an {@code exp} in the future, {@code sub} a user id, {@code org} an
 * organization id.
 */
@Configuration(proxyBeanMethods = false)
class JwtDecoding {

    static final String ORG_CLAIM = "org";

    @Bean
    JwtDecoder jwtDecoder(IdentityProperties properties) {
        NimbusJwtDecoder decoder;
        if (!properties.jwt().jwkSetUri().isBlank()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwt().jwkSetUri()).build();
        } else {
            byte[] secret = properties.jwt().secret().getBytes(StandardCharsets.UTF_8);
            if (secret.length < 32) {
                throw new IllegalStateException("TASKS_JWT_SECRET must be at least 32 bytes for HS256");
            }
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefault(), JwtDecoding::requireIdentityClaims));
        return decoder;
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
