package io.accounttasks.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * One log line per request ({@code POST /v1/accounts -> 201 (12 ms)}), and the caller in every line logged while
 * the request runs: with the trace id that Micrometer Tracing puts beside them, an operator finds a request's lines
 * in the gateway and in the service it reached, and the events it wrote (README, "Tracing and logs").
 * <p>
 * Runs inside the server observation (which opens the trace) and outside security (which establishes who is
 * calling, and then calls {@link #identify}), so the line names both, also for a request security refused. The
 * query string is left out: the path is what identifies a request, and nothing that could be a credential is
 * ever printed.
 */
public final class RequestLog extends OncePerRequestFilter {

    /** The log fields (MDC keys) of the caller; {@code traceId} and {@code spanId} are Micrometer Tracing's. */
    public static final String ORGANIZATION = "organizationId";
    public static final String USER = "userId";

    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);

    /** Names the caller in the log lines of the rest of this request: called where its identity is established. */
    public static void identify(String organizationId, String userId) {
        MDC.put(ORGANIZATION, organizationId);
        MDC.put(USER, userId);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        RuntimeException failed = null;
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException e) {
            failed = e;
            throw e;
        } finally {
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (isProbe(request)) {
                // Probes and scrapers call every few seconds; a line for each would bury the requests. (Their
                // caller, if a token named one, is still forgotten below.)
                log.debug("{} {} -> {} ({} ms)", request.getMethod(), request.getRequestURI(), response.getStatus(),
                        millis);
            } else if (failed == null) {
                log.info("{} {} -> {} ({} ms)", request.getMethod(), request.getRequestURI(), response.getStatus(),
                        millis);
            } else {
                log.info("{} {} -> failed with {} ({} ms)", request.getMethod(), request.getRequestURI(),
                        failed.getClass().getSimpleName(), millis);
            }
            // The thread serves other requests next: their lines must not name this caller.
            MDC.remove(ORGANIZATION);
            MDC.remove(USER);
        }
    }

    private static boolean isProbe(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator/");
    }
}
