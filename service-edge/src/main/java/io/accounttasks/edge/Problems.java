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
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

/**
 * The one shape of every error (RFC 9457): {@code type}, {@code title}, {@code status}, {@code detail}, and for
 * invalid input {@code errors}: [{field, message}]. The type is a stable URN a client can switch on.
 */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    /** Seconds a client should wait before retrying after {@link #databaseUnavailable()}. */
    public static final String DATABASE_RETRY_AFTER = "1";

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

    /**
     * The database restarting or out of reach: nothing was committed (a failed commit rolls back), and the client
     * may retry shortly (with an Idempotency-Key, a retry can never write twice). Answered 503 with Retry-After.
     */
    public static ProblemDetail databaseUnavailable() {
        return of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                "the database is unavailable for a moment; retry shortly");
    }

    /**
     * Whether a failure is the database's connection going away or refusing new ones: SQLState class 08
     * (connection exception) or 57P (the server shutting down or starting), the pool finding no connection, or
     * a connection the pool found closed.
     */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            // HikariCP's closed connection says so without an SQLState: what a rollback meets once PostgreSQL went
            // away in the middle of a transaction (Spring then throws "JDBC rollback failed" with it as cause).
            if (cause instanceof SQLException sql && sql.getSQLState() == null
                    && "Connection is closed".equals(sql.getMessage())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
