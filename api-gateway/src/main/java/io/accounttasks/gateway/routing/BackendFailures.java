package io.accounttasks.gateway.routing;

import io.accounttasks.gateway.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The outermost filter of a route: whatever goes wrong on the way to a service (no instance, refused connection,
 * timeout) answers 502, 503 or 504 as problem+json, never a 500 and never a stack trace.
 */
final class BackendFailures implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private static final Logger log = LoggerFactory.getLogger(BackendFailures.class);

    private final String serviceId;

    BackendFailures(String serviceId) {
        this.serviceId = serviceId;
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        try {
            return next.handle(request);
        } catch (Exception e) {
            if (NestedExceptionUtils.getMostSpecificCause(e) instanceof RequestRejectedException) {
                // Spring Security's firewall refuses a part of the request (a control character in a parameter
                // name, say) only when the route reads it to forward it: the client's request, not the service.
                log.info("{} {} -> 400: the request was rejected by the firewall", request.method(), request.path());
                return Problems.response(HttpStatus.BAD_REQUEST, "bad-request",
                        "the request has characters that are not allowed in a URL's parameters");
            }
            BackendFailure failure = BackendFailure.of(serviceId, e);
            // Method and path only: headers carry credentials.
            log.warn("{} {} -> {}: {}", request.method(), request.path(), failure.status().value(), describe(e));
            return Problems.response(failure.status(), Problems.slug(failure.status()), failure.getMessage());
        }
    }

    private static String describe(Throwable e) {
        StringBuilder chain = new StringBuilder(e.getClass().getSimpleName());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            chain.append(" <- ").append(cause.getClass().getSimpleName());
        }
        return chain.toString();
    }
}
