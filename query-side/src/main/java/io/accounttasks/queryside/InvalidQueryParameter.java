package io.accounttasks.queryside;

import io.accounttasks.coreapi.FieldProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import java.net.URI;
import java.util.List;

/**
 * A query parameter the list cannot take (an unknown enum value or sort, a page below 1, a non-number): 400
 * {@code invalid-input} with {@code errors} naming the parameter, as a bad body's fields are named (API.md).
 * service-edge renders it as problem+json, keeping the type and properties set here.
 */
public class InvalidQueryParameter extends ResponseStatusException {

    public InvalidQueryParameter(String parameter, String message) {
        super(HttpStatus.BAD_REQUEST, "invalid parameter '" + parameter + "': " + message);
        setType(URI.create("urn:account-tasks:problem:invalid-input"));
        getBody().setProperty("errors", List.of(new FieldProblem(parameter, message)));
    }

    /** A value as it may be repeated in an answer: cut short, so a huge parameter is not echoed whole. */
    public static String shown(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
