package io.accounttasks.gateway.routing;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;

/**
 * {@code GET /v1/events/stream} relayed from a query-side instance for as long as that instance keeps it open.
 * <p>
 * Not through the proxy of the other routes: its read timeout bounds a whole answer, and its end drains the upstream
 * body, which for a stream whose client left would hold the thread until the stream's own end. Here the bound is
 * between reads ({@code tasks.backends.stream-idle-timeout}, above the query side's keep-alive interval), only whole
 * events are passed on (so a cut upstream never leaves half an event), and either side ending ends the chunked
 * answer cleanly: the client reconnects with its {@code Last-Event-ID}.
 */
@Component
class EventStreamProxy implements HandlerFunction<ServerResponse> {

    private static final Logger log = LoggerFactory.getLogger(EventStreamProxy.class);
    /** All a stream's answer needs; none of the internal protocol's headers can pass. */
    private static final List<String> RELAYED_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CACHE_CONTROL);

    private final Instances instances;
    private final Backends backends;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;

    EventStreamProxy(Instances instances, Backends backends, ObjectProvider<Tracer> tracer,
                     ObjectProvider<Propagator> propagator) {
        this.instances = instances;
        this.backends = backends;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public ServerResponse handle(ServerRequest request) throws IOException {
        HttpURLConnection upstream = open(request);
        try {
            int status = upstream.getResponseCode();
            String contentType = upstream.getContentType();
            if (status != 200 || contentType == null
                    || !MediaType.TEXT_EVENT_STREAM.isCompatibleWith(MediaType.parseMediaType(contentType))) {
                return relayWhole(upstream, status);
            }
            InputStream events = upstream.getInputStream();
            return ServerResponse.ok().headers(headers -> copyHeaders(upstream, headers))
                    .build((servletRequest, servletResponse) -> {
                        try {
                            relayEvents(events, servletResponse.getOutputStream(), request.path());
                        } finally {
                            upstream.disconnect();
                        }
                        return null;
                    });
        } catch (IOException | RuntimeException e) {
            upstream.disconnect();
            throw e;
        }
    }

    private HttpURLConnection open(ServerRequest request) throws IOException {
        String query = request.servletRequest().getQueryString();
        URI uri = instances.next(Backends.QUERY_SIDE, request.path() + (query == null ? "" : "?" + query));
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout((int) backends.connectTimeout().toMillis());
        connection.setReadTimeout((int) backends.streamIdleTimeout().toMillis());
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(false);
        request.headers().asHttpHeaders().forEach((name, values) -> {
            if (ForwardedHeaders.FORWARDED.contains(name.toLowerCase())) {
                values.forEach(value -> connection.addRequestProperty(name, value));
            }
        });
        Tracer currentTracer = tracer.getIfAvailable();
        Propagator w3c = propagator.getIfAvailable();
        if (currentTracer != null && w3c != null) {
            TraceContext context = currentTracer.currentTraceContext().context();
            if (context != null) {
                w3c.inject(context, connection, HttpURLConnection::setRequestProperty);
            }
        }
        try {
            connection.connect();
        } catch (IOException e) {
            connection.disconnect();
            throw BackendFailure.of(Backends.QUERY_SIDE, e);
        }
        return connection;
    }

    /** A refusal (400, 401, 503 …) is a small ordinary answer: passed on whole, with its own status. */
    private static ServerResponse relayWhole(HttpURLConnection upstream, int status) throws IOException {
        byte[] body;
        try (InputStream in = status >= 400 ? upstream.getErrorStream() : upstream.getInputStream()) {
            body = in == null ? new byte[0] : in.readAllBytes();
        } finally {
            upstream.disconnect();
        }
        return ServerResponse.status(status).headers(headers -> copyHeaders(upstream, headers)).body(body);
    }

    private static void copyHeaders(HttpURLConnection upstream, HttpHeaders headers) {
        for (String name : RELAYED_HEADERS) {
            String value = upstream.getHeaderField(name);
            if (value != null) {
                headers.set(name, value);
            }
        }
    }

    /** Copies whole events (up to each blank line) and flushes each batch, until either side ends. */
    private static void relayEvents(InputStream events, OutputStream client, String path) {
        byte[] buffer = new byte[8192];
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        while (true) {
            int read;
            try {
                read = events.read(buffer);
            } catch (IOException e) {
                // Idle past the bound, or the instance went away: the client reconnects, to it or another one.
                log.warn("GET {}: the query-side stream ended early ({}); the client reconnects", path, e.toString());
                return;
            }
            if (read < 0) {
                return;
            }
            pending.write(buffer, 0, read);
            byte[] bytes = pending.toByteArray();
            int end = lastEventEnd(bytes);
            if (end > 0) {
                try {
                    client.write(bytes, 0, end);
                    client.flush();
                } catch (IOException e) {
                    log.debug("GET {}: the client left the stream", path);
                    return;
                }
                pending.reset();
                pending.write(bytes, end, bytes.length - end);
            }
        }
    }

    /** Where the last complete event (or comment) ends: just after its blank line; 0 if there is none yet. */
    static int lastEventEnd(byte[] bytes) {
        for (int i = bytes.length - 1; i > 0; i--) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }
}
