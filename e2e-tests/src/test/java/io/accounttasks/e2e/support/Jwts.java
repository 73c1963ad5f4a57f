package io.accounttasks.e2e.support;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Mints HS256 JWTs by hand, as an identity provider sharing {@code TASKS_JWT_SECRET} would. */
public final class Jwts {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Jwts() {
    }

    /** A valid token for this user of this organization, good for an hour. */
    public static String mint(String userId, String orgId) {
        return sign(claims(userId, orgId, Instant.now().plusSeconds(3600)), RunningSystem.JWT_SECRET);
    }

    public static Map<String, Object> claims(String userId, String orgId, Instant expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (userId != null) {
            claims.put("sub", userId);
        }
        if (orgId != null) {
            claims.put("org", orgId);
        }
        claims.put("iat", Instant.now().minusSeconds(5).getEpochSecond());
        if (expiresAt != null) {
            claims.put("exp", expiresAt.getEpochSecond());
        }
        return claims;
    }

    public static String sign(Map<String, Object> claims, String secret) {
        String header = URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = URL.encodeToString(Api.toJson(claims).getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + payload;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
