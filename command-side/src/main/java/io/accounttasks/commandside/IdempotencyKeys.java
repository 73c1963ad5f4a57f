package io.accounttasks.commandside;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The table {@code idempotency_keys} (V8): one row per organization and key, written in the transaction of the
 * write it answers for. Every method must run inside that transaction (IdempotentRequests opens it).
 * <p>
 * Keys are stored as their SHA-256 and answers encrypted with a key derived from the client's key, so the
 * table holds no API key (the answer of {@code POST /v1/users}) in a form anyone but that client can read.
 */
@Component
class IdempotencyKeys {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

    /** A write's key, as the client sent it, in the organization it is unique in. */
    record Key(String organizationId, String clientKey) {

        String hash() {
            return sha256Hex("idempotency-key\n" + clientKey);
        }

        /** The AES key of this key's stored answer: derived from what only the client holds. */
        SecretKeySpec answerKey() {
            return new SecretKeySpec(sha256(("idempotency-answer\n" + organizationId + "\n" + clientKey)
                    .getBytes(StandardCharsets.UTF_8)), "AES");
        }
    }

    /** An answer as the client got it: enough to give it again, byte for byte. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    /** What an earlier request with the key left: the request it was, and its answer. */
    record Earlier(String requestHash, Optional<Answer> answer) {
    }

    /** The earlier request with the key still runs, and did not finish within the wait. */
    static final class StillRunning extends RuntimeException {
        StillRunning() {
            super("a request with this Idempotency-Key is still being processed; retry it in a moment");
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration retention;
    private final Duration wait;

    IdempotencyKeys(JdbcTemplate jdbc,
                    @Value("${tasks.idempotency.retention:24h}") Duration retention,
                    @Value("${tasks.idempotency.wait:5s}") Duration wait) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.wait = wait;
    }

    /**
     * Takes the key for this request, or answers what an earlier request with it left. The primary key makes a
     * second request with the key wait here until the first one's transaction ends: if that committed, its row is
     * what this one answers with; if it rolled back (a rejected request stores nothing), the key is this one's.
     * A row older than the retention counts as absent and is taken over, as if the cleanup had run.
     */
    Optional<Earlier> claim(Key key, String requestHash) {
        int taken;
        try {
            jdbc.execute("set local lock_timeout = " + wait.toMillis());
            taken = jdbc.update("""
                    insert into idempotency_keys (organization_id, key_hash, request_hash, created_at)
                    values (?, ?, ?, now())
                    on conflict (organization_id, key_hash) do update
                        set request_hash = excluded.request_hash, response_status = null,
                            response_headers = null, response_body = null, created_at = excluded.created_at
                        where idempotency_keys.created_at < now() - ? * interval '1 millisecond'""",
                    key.organizationId(), key.hash(), requestHash, retention.toMillis());
            jdbc.execute("set local lock_timeout to default");
        } catch (PessimisticLockingFailureException e) {
            throw new StillRunning();
        }
        if (taken == 1) {
            return Optional.empty();
        }
        return Optional.of(jdbc.queryForObject("""
                        select request_hash, response_status, response_headers::text, response_body
                        from idempotency_keys where organization_id = ? and key_hash = ?""",
                (row, n) -> new Earlier(row.getString(1), row.getObject(2) == null ? Optional.empty()
                        : Optional.of(new Answer(row.getInt(2), headers(row.getString(3)),
                        open(key, row.getBytes(4))))),
                key.organizationId(), key.hash()));
    }

    /** The answer of the write that took the key; commits with the write's events. */
    void answered(Key key, Answer answer) {
        jdbc.update("""
                        update idempotency_keys set response_status = ?, response_headers = ?::jsonb, response_body = ?
                        where organization_id = ? and key_hash = ?""",
                answer.status(), json(answer.headers()), seal(key, answer.body()), key.organizationId(),
                key.hash());
    }

    /** Keys are kept for the retention ({@code TASKS_IDEMPOTENCY_RETENTION}, 24 h by default), then forgotten. */
    @Scheduled(initialDelayString = "${tasks.idempotency.cleanup-interval:PT10M}",
            fixedDelayString = "${tasks.idempotency.cleanup-interval:PT10M}")
    void forgetExpired() {
        int deleted = jdbc.update("delete from idempotency_keys where created_at < now() - ? * interval '1 millisecond'",
                retention.toMillis());
        if (deleted > 0) {
            log.info("forgot {} idempotency keys older than {}", deleted, retention);
        }
    }

    private static byte[] seal(Key key, byte[] plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.answerKey(), new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt an idempotent answer", e);
        }
    }

    private static byte[] open(Key key, byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.answerKey(), new GCMParameterSpec(128, stored, 0, NONCE_BYTES));
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt an idempotent answer", e);
        }
    }

    private String json(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> headers(String text) {
        try {
            return json.readValue(text, new TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
