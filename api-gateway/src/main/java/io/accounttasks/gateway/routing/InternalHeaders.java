package io.accounttasks.gateway.routing;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.URI;
import java.util.List;

/**
 * What the services tell the gateway and nobody else (ARCHITECTURE.md, "Internal protocol"), and what a client
 * must see instead.
 */
public final class InternalHeaders {

    public static final String AGGREGATE_VERSION = "X-Aggregate-Version";
    public static final String READ_PATH = "X-Read-Path";
    public static final String ANSWER_FROM = "X-Answer-From";
    public static final String MIN_VERSION = "X-Min-Version";
    public static final String PROJECTION_PENDING = "X-Projection-Pending";

    private static final List<String> INTERNAL = List.of(AGGREGATE_VERSION, READ_PATH, ANSWER_FROM, MIN_VERSION);

    private InternalHeaders() {
    }

    /** Removes the internal headers, and makes a service's absolute {@code Location} relative to the gateway. */
    public static HttpHeaders forClient(HttpHeaders headers) {
        INTERNAL.forEach(headers::remove);
        String location = headers.getFirst(HttpHeaders.LOCATION);
        if (location != null) {
            headers.set(HttpHeaders.LOCATION, relative(location));
        }
        return headers;
    }

    /** The same, on a proxied answer, whose headers the gateway lets us change in place. */
    public static ServerResponse forClient(ServerResponse response) {
        forClient(response.headers());
        return response;
    }

    /**
     * A service builds an absolute {@code Location} from the host it was called on, which is its own address
     * behind the gateway. The path is what the client needs; a relative reference is valid (RFC 9110, 10.2.2).
     */
    static String relative(String location) {
        try {
            URI uri = URI.create(location);
            if (!uri.isAbsolute() || uri.getRawPath() == null) {
                return location;
            }
            return uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        } catch (IllegalArgumentException e) {
            return location;
        }
    }
}
