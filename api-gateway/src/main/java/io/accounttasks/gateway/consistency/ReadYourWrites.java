package io.accounttasks.gateway.consistency;

import io.accounttasks.gateway.routing.BackendFailure;
import io.accounttasks.gateway.routing.InternalHeaders;
import io.accounttasks.gateway.routing.QuerySide;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Answers a write with what a read right after it will show (ARCHITECTURE.md, "Read-your-writes").
 * <p>
 * The command side says which aggregate version its write produced ({@code X-Aggregate-Version}) and where the
 * query side shows it ({@code X-Read-Path}). We ask the query side for that path with {@code X-Min-Version}; it
 * waits, bounded, until its projection has caught up. Then the client gets:
 * <ul>
 *   <li>{@code X-Answer-From: read-model}: the command side's status and {@code Location}, the query side's body
 *       and {@code ETag}, so the 201 already looks exactly like the next GET;</li>
 *   <li>{@code X-Answer-From: command}: the command side's answer as it is (it holds something only it knows,
 *       such as a new API key, or it is a 204), now safe to act on;</li>
 *   <li>the bound passed ({@code 503} with {@code X-Projection-Pending: true}): {@code 202} with the command side's
 *       body, {@code Location}, {@code ETag} and {@code X-Projection-Pending: true}. The write is stored; only its
 *       visibility is late, so the client must not retry it.</li>
 * </ul>
 * Everything else (a non-2xx answer, a write without the headers) passes through unchanged: a 409, a 412 of a
 * stale {@code If-Match} and a 422 of a reused {@code Idempotency-Key} reach the client as the command side gave
 * them. A repeat the command side answers from its idempotency keys is a 2xx like the first, with the same
 * headers, and is read back the same way; its {@code Idempotent-Replayed} mark stays on the answer.
 */
@Component
public class ReadYourWrites implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);

    /** The caller's credentials, which the follow-up read needs as much as the write did. */
    private static final List<String> CREDENTIALS = List.of(HttpHeaders.AUTHORIZATION, "x-org-id", "x-admin-secret");

    /** The command side's mark on an answer given again for a repeated Idempotency-Key (docs/adr/0010). */
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    static final String FROM_READ_MODEL = "read-model";
    static final String FROM_COMMAND = "command";

    private final QuerySide querySide;

    ReadYourWrites(QuerySide querySide) {
        this.querySide = querySide;
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        ServerResponse written = next.handle(request);
        HttpHeaders headers = written.headers();
        String version = headers.getFirst(InternalHeaders.AGGREGATE_VERSION);
        String readPath = headers.getFirst(InternalHeaders.READ_PATH);
        if (!written.statusCode().is2xxSuccessful() || version == null || readPath == null) {
            return InternalHeaders.forClient(written);
        }
        String answerFrom = headers.getFirst(InternalHeaders.ANSWER_FROM);
        Written command = new Written(written.statusCode(), InternalHeaders.forClient(copy(headers)), drain(request));

        QuerySide.Answer read;
        try {
            read = querySide.get(readPath, followUpHeaders(request, version));
        } catch (BackendFailure | IllegalArgumentException e) {
            // The write is stored; only its read-back failed. A 5xx here would invite the client to repeat it.
            log.warn("read-your-writes: the read-back of {} {} failed ({}); answering 202",
                    request.method(), request.path(), e.getMessage());
            return pending(command);
        }
        if (isPending(read)) {
            return pending(command);
        }
        if (FROM_READ_MODEL.equals(answerFrom)) {
            if (read.status().is2xxSuccessful()) {
                return fromReadModel(command, read);
            }
            // The query side should show what was just written; if it does not, the command side's own answer
            // is still true, so that is what the client gets.
            log.warn("read-your-writes: {} {} was read back as {}; answering with the command side's body",
                    request.method(), request.path(), read.status().value());
        }
        return command.asItIs();
    }

    /** The query side waits for the version and, if the bound passes, says so with 503 and this header. */
    private static boolean isPending(QuerySide.Answer read) {
        return read.status().value() == HttpStatus.SERVICE_UNAVAILABLE.value()
                && "true".equalsIgnoreCase(read.headers().getFirst(InternalHeaders.PROJECTION_PENDING));
    }

    private static HttpHeaders followUpHeaders(ServerRequest request, String version) {
        HttpHeaders headers = new HttpHeaders();
        for (String name : CREDENTIALS) {
            List<String> values = request.headers().header(name);
            if (!values.isEmpty()) {
                headers.put(name, values);
            }
        }
        headers.set(HttpHeaders.ACCEPT, "application/json, application/problem+json");
        headers.set(InternalHeaders.MIN_VERSION, version);
        return headers;
    }

    private static ServerResponse fromReadModel(Written command, QuerySide.Answer read) {
        return ServerResponse.status(command.status()).headers(h -> {
            copyIfPresent(command.headers(), h, HttpHeaders.LOCATION);
            copyIfPresent(command.headers(), h, IDEMPOTENT_REPLAYED);
            copyIfPresent(read.headers(), h, HttpHeaders.CONTENT_TYPE);
            copyIfPresent(read.headers(), h, HttpHeaders.ETAG);
        }).build((servletRequest, servletResponse) -> {
            servletResponse.setContentLength(read.body().length);
            servletResponse.getOutputStream().write(read.body());
            return null;
        });
    }

    private static ServerResponse pending(Written command) {
        return ServerResponse.status(HttpStatus.ACCEPTED).headers(h -> {
            copyIfPresent(command.headers(), h, HttpHeaders.LOCATION);
            copyIfPresent(command.headers(), h, HttpHeaders.CONTENT_TYPE);
            copyIfPresent(command.headers(), h, HttpHeaders.ETAG);
            copyIfPresent(command.headers(), h, IDEMPOTENT_REPLAYED);
            h.set(InternalHeaders.PROJECTION_PENDING, "true");
        }).build((servletRequest, servletResponse) -> {
            servletResponse.setContentLength(command.body().length);
            servletResponse.getOutputStream().write(command.body());
            return null;
        });
    }

    private static void copyIfPresent(HttpHeaders from, HttpHeaders to, String name) {
        List<String> values = from.get(name);
        if (values != null && !values.isEmpty()) {
            to.put(name, values);
        }
    }

    private static HttpHeaders copy(HttpHeaders headers) {
        HttpHeaders copy = new HttpHeaders();
        copy.putAll(headers);
        return copy;
    }

    /**
     * Reads the command side's body, which the proxy would otherwise stream to the client, and releases its
     * connection: we answer with a response of our own, so the proxy's never runs.
     */
    private static byte[] drain(ServerRequest request) throws IOException {
        InputStream body = MvcUtils.getAttribute(request, MvcUtils.CLIENT_RESPONSE_INPUT_STREAM_ATTR);
        Object response = request.attributes().get(MvcUtils.CLIENT_RESPONSE_ATTR);
        try {
            return body == null ? new byte[0] : body.readAllBytes();
        } finally {
            if (response instanceof Closeable closeable) {
                closeable.close();
            } else if (body != null) {
                body.close();
            }
        }
    }

    /** The command side's answer, read whole, with the internal headers already gone. */
    private record Written(HttpStatusCode status, HttpHeaders headers, byte[] body) {

        ServerResponse asItIs() {
            return ServerResponse.status(status).headers(h -> h.putAll(headers)).build((request, response) -> {
                if (body.length > 0) {
                    response.getOutputStream().write(body);
                }
                return null;
            });
        }
    }
}
