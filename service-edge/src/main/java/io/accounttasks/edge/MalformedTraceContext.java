package io.accounttasks.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code traceparent} that is not W3C Trace Context is set aside before the server observation reads it, so the
 * request starts a trace of its own (W3C: "the vendor MUST ignore" it). Brave's parser throws on some malformed
 * values ({@code 00-<trace id>-zz-01}: "Missing: spanId") instead of ignoring them, and that escaped as a 500 before
 * any route or error handler ran. Its {@code tracestate} goes with it, as the spec says.
 */
public final class MalformedTraceContext extends OncePerRequestFilter {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";

    /**
     * Version 00: trace id, parent id, flags, lowercase hex. A later version (none exists yet) is set aside too,
     * rather than trusted to a parser that already fails on some malformed version 00 values.
     */
    private static final Pattern W3C = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final String ZERO_TRACE_ID = "0".repeat(32);
    private static final String ZERO_PARENT_ID = "0".repeat(16);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> given = Collections.list(request.getHeaders(TRACEPARENT));
        boolean wellFormed = given.isEmpty() || (given.size() == 1 && isWellFormed(given.get(0)));
        chain.doFilter(wellFormed ? request : new WithoutHeaders(request, TRACEPARENT, TRACESTATE), response);
    }

    static boolean isWellFormed(String traceparent) {
        Matcher parts = W3C.matcher(traceparent);
        return parts.matches() && !parts.group(1).equals(ZERO_TRACE_ID) && !parts.group(2).equals(ZERO_PARENT_ID);
    }
}
