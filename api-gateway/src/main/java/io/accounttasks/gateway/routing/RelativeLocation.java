package io.accounttasks.gateway.routing;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.URI;

/**
 * A service builds an absolute {@code Location} from the host it was called on, which is its own address behind
 * the gateway. The path is what the client needs; a relative reference is valid (RFC 9110, 10.2.2).
 */
final class RelativeLocation {

    private RelativeLocation() {
    }

    /** The proxied answer, its {@code Location} made relative (the gateway lets us change its headers in place). */
    static ServerResponse forClient(ServerResponse response) {
        HttpHeaders headers = response.headers();
        String location = headers.getFirst(HttpHeaders.LOCATION);
        if (location != null) {
            headers.set(HttpHeaders.LOCATION, relative(location));
        }
        return response;
    }

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
