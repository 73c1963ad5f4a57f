package io.accounttasks.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.accounttasks.coreapi.FieldProblem;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * The one shape of every error (RFC 9457): {@code type}, {@code title}, {@code status}, {@code detail}, and for
 * invalid input {@code errors}: [{field, message}]. The type is a stable URN a client can switch on.
 */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String slug, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:account-tasks:problem:" + slug));
        HttpStatus known = HttpStatus.resolve(status.value());
        problem.setTitle(known != null ? known.getReasonPhrase() : "Error");
        return problem;
    }

    public static ProblemDetail invalid(HttpStatusCode status, String detail, List<FieldProblem> errors) {
        ProblemDetail problem = of(status, "invalid-input", detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    /** For filters, which answer before Spring MVC (and its message converters) is reached. */
    public static void write(HttpServletResponse response, ObjectMapper json, ProblemDetail problem)
            throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(PROBLEM_JSON.toString());
        json.writeValue(response.getOutputStream(), problem);
    }
}
