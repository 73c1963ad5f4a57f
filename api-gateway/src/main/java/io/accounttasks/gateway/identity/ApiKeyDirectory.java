package io.accounttasks.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.accounttasks.gateway.routing.BackendFailure;
import io.accounttasks.gateway.routing.QuerySide;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who an API key belongs to. Keys are stored only as their SHA-256 hash, so that is what we ask the query side
 * about ({@code GET /internal/api-keys/{hash}}, with the caller's token, which the query side checks too).
 * <p>
 * A found key is remembered for a short while (a minute by default), so a busy client costs one lookup a minute,
 * not one a request. A miss is never remembered: a key created a moment ago must work at once.
 */
@Component
class ApiKeyDirectory {

    /** The user and organization an API key belongs to. */
    record KeyOwner(String userId, String organizationId) {
    }

    private final QuerySide querySide;
    private final ObjectMapper json;
    private final Cache<String, KeyOwner> found;

    ApiKeyDirectory(QuerySide querySide, ObjectMapper json, IdentityProperties properties) {
        this.querySide = querySide;
        this.json = json;
        this.found = Caffeine.newBuilder()
                .expireAfterWrite(properties.apiKeys().cacheTtl())
                .maximumSize(properties.apiKeys().cacheSize())
                .build();
    }

    /**
     * @param authorization the caller's {@code Authorization} header, passed on to the query side
     * @throws BackendFailure if the query side cannot be asked
     */
    Optional<KeyOwner> ownerOf(String apiKey, String authorization) {
        String hash = sha256Hex(apiKey);
        KeyOwner known = found.getIfPresent(hash);
        if (known != null) {
            return Optional.of(known);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.AUTHORIZATION, authorization);
        headers.set(HttpHeaders.ACCEPT, "application/json");
        QuerySide.Answer answer = querySide.get("/internal/api-keys/" + hash, headers);
        int status = answer.status().value();
        if (status == 404 || status == 401 || status == 403) {
            // Unknown, someone else's, or a token the query side refuses: in each case not this caller's key.
            return Optional.empty();
        }
        if (status != 200) {
            throw new BackendFailure(HttpStatus.BAD_GATEWAY,
                    "the query-side answered the API key lookup with " + status, null);
        }
        KeyOwner owner = parse(answer.body());
        found.put(hash, owner);
        return Optional.of(owner);
    }

    private KeyOwner parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            String userId = node.path("userId").asText(null);
            String organizationId = node.path("organizationId").asText(null);
            if (userId == null || organizationId == null) {
                throw new BackendFailure(HttpStatus.BAD_GATEWAY, "the query-side's API key answer lacks ids", null);
            }
            return new KeyOwner(userId, organizationId);
        } catch (IOException e) {
            throw new BackendFailure(HttpStatus.BAD_GATEWAY, "the query-side's API key answer is not JSON", e);
        }
    }

    static String sha256Hex(String value) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
