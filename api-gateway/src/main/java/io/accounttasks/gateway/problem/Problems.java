package io.accounttasks.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every error the gateway makes itself, in the one shape of the contract (RFC 9457): {@code type}, {@code title},
 * {@code status}, {@code detail}. The type is the same stable URN the services use, so a client switches on one
 * vocabulary whichever process answered. Errors of the services pass through untouched; they are already this shape.
 */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    // A private mapper: the shape is four plain fields, and nothing configured elsewhere should change it.
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    public static byte[] body(HttpStatusCode status, String slug, String detail) {
        HttpStatus known = HttpStatus.resolve(status.value());
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:account-tasks:problem:" + slug);
        problem.put("title", known != null ? known.getReasonPhrase() : "Error");
        problem.put("status", status.value());
        problem.put("detail", detail);
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For handler functions and routes. */
    public static ServerResponse response(HttpStatusCode status, String slug, String detail) {
        return ServerResponse.status(status).contentType(PROBLEM_JSON).body(body(status, slug, detail));
    }

    /** For servlet filters, which answer before Spring MVC is reached. */
    public static void write(HttpServletResponse response, HttpStatusCode status, String slug, String detail)
            throws IOException {
        byte[] body = body(status, slug, detail);
        response.setStatus(status.value());
        response.setContentType(PROBLEM_JSON.toString());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A slug for a status the gateway did not name itself (Spring MVC's 404, 405...). */
    public static String slug(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "error" : known.name().toLowerCase().replace('_', '-');
    }
}
