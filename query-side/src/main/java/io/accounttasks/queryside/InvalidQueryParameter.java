package io.accounttasks.queryside;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A query parameter the list cannot take (an unknown enum value or sort, a page below 1, a non-number): 400, as
 * API.md says, rendered by service-edge as problem+json with the parameter named in the detail.
 */
public class InvalidQueryParameter extends ResponseStatusException {

    public InvalidQueryParameter(String parameter, String message) {
        super(HttpStatus.BAD_REQUEST, "invalid parameter '" + parameter + "': " + message);
    }

    /** A value as it may be repeated in an answer: cut short, so a huge parameter is not echoed whole. */
    public static String shown(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
