package io.accounttasks.gateway.problem;

import jakarta.servlet.RequestDispatcher;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the servlet container shows for an error nobody else answered (a {@code sendError}, an exception out of a
 * filter): problem+json instead of Boot's white-label JSON, and never a stack trace.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<byte[]> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (code == null) {
            // Asked for directly, not reached through an error: there is no such resource.
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(Problems.PROBLEM_JSON)
                    .body(Problems.body(HttpStatus.NOT_FOUND, "not-found", "no such resource"));
        }
        HttpStatusCode status = code instanceof Integer value && value >= 400 && value <= 599
                ? HttpStatusCode.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        if (failure instanceof Throwable thrown && cutShort(thrown)) {
            // A service gone mid-answer (killed while it sent its body): its status was not relayed yet, and what
            // it did is unknown, as for any other failure on the way to it (BackendFailures).
            log.warn("a service's answer broke off: {}", thrown.toString());
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY).contentType(Problems.PROBLEM_JSON)
                    .body(Problems.body(HttpStatus.BAD_GATEWAY, Problems.slug(HttpStatus.BAD_GATEWAY),
                            "the service's answer broke off; the request may or may not have been carried out"));
        }
        if (failure instanceof Throwable thrown) {
            // The log keeps the cause; the client hears only the status.
            log.error("request failed before reaching a route", thrown);
        }
        String detail = status.is5xxServerError()
                ? "the gateway could not answer this request; it has been logged"
                : "the request could not be served";
        return ResponseEntity.status(status).contentType(Problems.PROBLEM_JSON)
                .body(Problems.body(status, Problems.slug(status), detail));
    }

    /**
     * Whether the upstream's body ended early while it was relayed: that happens after the route's own failure
     * handling has returned, so it arrives here as the servlet's exception.
     */
    private static boolean cutShort(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectionClosedException || cause instanceof MalformedChunkCodingException) {
                return true;
            }
        }
        return false;
    }
}
