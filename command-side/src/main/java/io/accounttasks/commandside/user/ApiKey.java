package io.accounttasks.commandside.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A user's API key: shown once, in the answer to the request that created it, and stored only as the lowercase
 * hex SHA-256 of the whole key (prefix included, UTF-8), which is what the gateway computes from
 * {@code x-api-key} and looks up.
 *
 * @param plain the key as the client will send it: {@code tk_} and 32 random bytes, base64url without padding
 * @param hash  what events and read models keep
 */
public record ApiKey(String plain, String hash) {

    public static final String PREFIX = "tk_";

    private static final SecureRandom RANDOM = new SecureRandom();

    public static ApiKey generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String plain = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new ApiKey(plain, hashOf(plain));
    }

    public static String hashOf(String plain) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plain.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Never the key itself in logs or exception messages. */
    @Override
    public String toString() {
        return "ApiKey[hash=" + hash + "]";
    }
}
