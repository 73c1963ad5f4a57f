package io.accounttasks.gateway.routing;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.springframework.http.HttpStatus;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * A service could not be reached or did not answer in time, as the status the gateway tells its client:
 * 503 when no instance takes the connection, 504 when one does not answer in time, 502 for anything else
 * (a reset connection, an answer that is not HTTP).
 */
public class BackendFailure extends RuntimeException {

    private final HttpStatus status;

    public BackendFailure(HttpStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /** Classifies what a call to {@code serviceId} threw, searching its causes for the telling one. */
    public static BackendFailure of(String serviceId, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BackendFailure known) {
                return known;
            }
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    || cause instanceof ConnectTimeoutException
                    || cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
                return new BackendFailure(HttpStatus.SERVICE_UNAVAILABLE,
                        "the " + serviceId + " is unavailable; try again shortly", failure);
            }
            if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
                return new BackendFailure(HttpStatus.GATEWAY_TIMEOUT,
                        "the " + serviceId + " did not answer in time", failure);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return new BackendFailure(HttpStatus.BAD_GATEWAY, "the " + serviceId + " failed to answer", failure);
    }
}
