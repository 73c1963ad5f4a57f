package io.accounttasks.gateway.support;

import io.accounttasks.gateway.support.StubService.Answer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The query side's API key table for a stub query side: keys registered here are found by their SHA-256 hex at
 * {@code /internal/api-keys/{hash}}, as the real query side finds them; everything else is answered by the test.
 */
public final class KeyTable {

    private static final String LOOKUP = "/internal/api-keys/";

    private final Map<String, String> owners = new ConcurrentHashMap<>();

    /** The key belongs to this user of this organization. */
    public void register(String key, String userId, String organizationId) {
        owners.put(sha256Hex(key), "{\"userId\":\"" + userId + "\",\"organizationId\":\"" + organizationId + "\"}");
    }

    /** Forgets every key (between tests that register their own). */
    public void clear() {
        owners.clear();
    }

    /** Makes the stub answer key lookups from this table and every other request with {@code others}. */
    public void serveFrom(StubService querySide, Function<StubService.Received, Answer> others) {
        querySide.answer(request -> {
            if (isLookup(request)) {
                String owner = owners.get(request.pathAndQuery().substring(LOOKUP.length()));
                return owner == null ? Answer.json(404, "{}") : Answer.json(200, owner);
            }
            return others.apply(request);
        });
    }

    public static boolean isLookup(StubService.Received request) {
        return request.pathAndQuery().startsWith(LOOKUP);
    }

    public static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
