package io.accounttasks.gateway.routing;

import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.ServerRequest;

import java.util.Set;

/**
 * The request headers a service gets from the gateway: only those the internal protocol names. An allow-list
 * rather than a deny-list, so the API key (which only the gateway checks) and whatever else a client invents
 * never reach a service.
 * <p>
 * Runs first among Spring Cloud Gateway's request header filters, so the ones it adds after us stay.
 * <p>
 * A client's {@code traceparent} is not passed on as it came either: the gateway's own span continues the
 * client's trace (or starts one, for a missing or malformed header), and the observed client that calls the
 * service sends that span's {@code traceparent}, so the service's span is the gateway's child, in the same trace.
 */
@Component
class ForwardedHeaders implements HttpHeadersFilter.RequestHttpHeadersFilter, Ordered {

    static final Set<String> FORWARDED = Set.of(
            "authorization", "x-org-id", "x-admin-secret",
            "content-type", "content-length", "accept",
            "if-match", "if-none-match", "idempotency-key",
            // The event stream resumes from it (API.md).
            "last-event-id");

    @Override
    public HttpHeaders apply(HttpHeaders input, ServerRequest request) {
        HttpHeaders forwarded = new HttpHeaders();
        input.forEach((name, values) -> {
            if (FORWARDED.contains(name.toLowerCase())) {
                forwarded.addAll(name, values);
            }
        });
        return forwarded;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
