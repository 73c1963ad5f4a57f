package io.accounttasks.gateway.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

/** Mints HS256 tokens as an identity provider sharing {@code TASKS_JWT_SECRET} would. */
public final class Tokens {

    public static final String SECRET = "test-jwt-secret-for-the-gateway-tests-0123456789";

    private Tokens() {
    }

    public static String mint(String userId, String organizationId) {
        return sign(userId, organizationId, Instant.now().plusSeconds(600), SECRET);
    }

    public static String sign(String userId, String organizationId, Instant expiresAt, String secret) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(userId).issueTime(new Date());
        if (organizationId != null) {
            claims.claim("org", organizationId);
        }
        if (expiresAt != null) {
            claims.expirationTime(Date.from(expiresAt));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
