package io.accounttasks.commandside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accounttasks.commandside.IdempotencyKeys.Answer;
import io.accounttasks.commandside.IdempotencyKeys.Earlier;
import io.accounttasks.commandside.IdempotencyKeys.Key;
import io.accounttasks.commandside.IdempotencyKeys.StillRunning;
import io.accounttasks.edge.Problems;
import io.accounttasks.edge.TokenRules;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on the public writes ({@code POST} and {@code PATCH} of {@code /v1/**}; docs/adr/0010).
 * <p>
 * The whole request runs in one transaction that first takes the key's row (IdempotencyKeys), then lets the
 * controller write (its Writes join as a savepoint), then stores the answer if it is a 2xx: the key commits with
 * the write's events or not at all. Anything else (4xx, 5xx) rolls the key back with the write, so the client
 * can correct the request and send it again with the same key.
 * <p>
 * Keys are per organization. A repeat must be the same request: method, path and query, caller (so no other user
 * of the organization is ever answered with this one's result, which may hold an API key) and body, compared by
 * the SHA-256 of the body parsed and written again with its keys sorted (whitespace and key order do not count).
 * The same request answers the stored answer, marked {@code Idempotent-Replayed: true}, and writes nothing; another
 * request with the key answers 422.
 * <p>
 * Runs after Spring Security (a filter bean's default order), so the caller is known and verified.
 */
@Component
class IdempotentRequests extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    private static final Logger log = LoggerFactory.getLogger(IdempotentRequests.class);
    /** 1 to 255 visible ASCII characters (no spaces, no controls). */
    private static final Pattern WELL_FORMED = Pattern.compile("[\\x21-\\x7E]{1,255}");
    /** What makes two answers the same answer; the rest (Date, Content-Length) belongs to the connection. */
    private static final List<String> ANSWER_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG,
            HttpHeaders.CONTENT_TYPE);

    private final IdempotencyKeys keys;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final ObjectMapper canonical = new ObjectMapper();

    IdempotentRequests(IdempotencyKeys keys, PlatformTransactionManager transactions, ObjectMapper json) {
        this.keys = keys;
        this.transaction = new TransactionTemplate(transactions);
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !("POST".equals(method) || "PATCH".equals(method))
                || request.getHeader(HEADER) == null
                || !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String clientKey = request.getHeader(HEADER);
        if (!WELL_FORMED.matcher(clientKey).matches()) {
            Problems.write(response, json, WriteProblems.invalidHeaderProblem(new InvalidHeaderException(HEADER,
                    "must be 1 to 255 visible ASCII characters (a UUID, for instance)")));
            return;
        }
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
            chain.doFilter(request, response); // security answers it (401); there is no organization to key by
            return;
        }
        Key key = new Key(token.getToken().getClaimAsString(TokenRules.ORG_CLAIM), clientKey);
        byte[] body = request.getInputStream().readAllBytes();
        String requestHash = fingerprint(request, token.getToken().getSubject(), body);
        HttpServletRequest replayable = new ReadAgain(request, body);
        ContentCachingResponseWrapper written = new ContentCachingResponseWrapper(response);

        Optional<Earlier> earlier;
        try {
            earlier = transaction.execute(status -> {
                Optional<Earlier> found = keys.claim(key, requestHash);
                if (found.isPresent()) {
                    return found;
                }
                try {
                    chain.doFilter(replayable, written);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (ServletException e) {
                    throw new IllegalStateException(e);
                }
                if (HttpStatus.valueOf(written.getStatus()).is2xxSuccessful()) {
                    keys.answered(key, answerOf(written));
                } else {
                    status.setRollbackOnly();
                }
                return Optional.empty();
            });
        } catch (StillRunning e) {
            problem(response, HttpStatus.CONFLICT, "conflict", e.getMessage());
            return;
        } catch (RuntimeException e) {
            // The write and its key rolled back together; whatever the controller had answered is not true.
            response.reset();
            if (Problems.isDatabaseUnavailable(e)) {
                log.warn("an idempotent write failed to commit, the database is unavailable: {}", e.toString());
                response.setHeader(HttpHeaders.RETRY_AFTER, Problems.DATABASE_RETRY_AFTER);
                Problems.write(response, json, Problems.databaseUnavailable());
                return;
            }
            log.error("an idempotent write failed to commit", e);
            problem(response, HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                    "an unexpected error occurred; it has been logged");
            return;
        }
        if (earlier.isEmpty()) {
            written.copyBodyToResponse();
        } else if (!earlier.get().requestHash().equals(requestHash)) {
            problem(response, HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused", "this Idempotency-Key "
                    + "was used for another request (method, path, caller or body); use a new key for a new request");
        } else if (earlier.get().answer().isEmpty()) {
            problem(response, HttpStatus.CONFLICT, "conflict", new StillRunning().getMessage());
        } else {
            replay(earlier.get().answer().get(), response);
        }
    }

    private static Answer answerOf(ContentCachingResponseWrapper written) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : ANSWER_HEADERS) {
            String value = name.equals(HttpHeaders.CONTENT_TYPE) ? written.getContentType() : written.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return new Answer(written.getStatus(), headers, written.getContentAsByteArray());
    }

    private static void replay(Answer answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setHeader(REPLAYED, "true");
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }

    private void problem(HttpServletResponse response, HttpStatus status, String slug, String detail)
            throws IOException {
        Problems.write(response, json, Problems.of(status, slug, detail));
    }

    /** The request as the client meant it: what a repeat must equal. */
    private String fingerprint(HttpServletRequest request, String userId, byte[] body) {
        String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        return IdempotencyKeys.sha256Hex(request.getMethod() + "\n" + target + "\n" + userId + "\n"
                + canonicalBody(body));
    }

    /**
     * The body parsed and written again with every object's keys sorted. A body that is not JSON is taken as it
     * is: it will be refused (400), and a refused request keeps no key anyway.
     */
    private String canonicalBody(byte[] body) {
        try {
            JsonNode parsed = canonical.readTree(body);
            return parsed == null ? "" : canonical.writeValueAsString(sorted(parsed));
        } catch (IOException e) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.put(field.getKey(), sorted(field.getValue()));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }

    /** The request with its body, which fingerprinting read, ready to be read again by the controller. */
    private static final class ReadAgain extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadAgain(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }
    }
}
