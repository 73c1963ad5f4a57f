package io.accounttasks.gateway.limits;

import io.accounttasks.gateway.problem.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.util.List;

/**
 * Every body the API takes is JSON: a write that carries a body of another type (or of no declared type) answers
 * 415 at the door. Writes without a body (a DELETE, a replay) pass.
 */
public final class JsonBodies implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        if (hasBody(request) && !isJson(request)) {
            return ServerResponse.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                    .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                    .contentType(Problems.PROBLEM_JSON)
                    .body(Problems.body(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                            "request bodies must be application/json"));
        }
        return next.handle(request);
    }

    private static boolean hasBody(ServerRequest request) {
        List<String> length = request.headers().header(HttpHeaders.CONTENT_LENGTH);
        if (!length.isEmpty()) {
            return !"0".equals(length.get(0).trim());
        }
        return !request.headers().header(HttpHeaders.TRANSFER_ENCODING).isEmpty();
    }

    private static boolean isJson(ServerRequest request) {
        // The raw header: Spring's view of it is already parsed, and drops what it could not read.
        String raw = request.servletRequest().getHeader(HttpHeaders.CONTENT_TYPE);
        if (raw != null && hasEmptyParameter(raw)) {
            return false;
        }
        try {
            // Exactly application/json (any parameters), as the document says: not a +json type of another API.
            return request.headers().contentType().map(MediaType.APPLICATION_JSON::equalsTypeAndSubtype)
                    .orElse(false);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /**
     * Spring reads {@code application/json;;;} as JSON, but RFC 7231's grammar, which the document's validators
     * follow, has no empty parameter; the gateway agrees with the document rather than carry out what it calls invalid.
     */
    private static boolean hasEmptyParameter(String contentType) {
        String[] parts = contentType.split(";", -1);
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].isBlank()) {
                return true;
            }
        }
        return false;
    }
}
