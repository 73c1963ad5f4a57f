package io.accounttasks.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.accounttasks.coreapi.ConflictException;
import io.accounttasks.coreapi.ForbiddenException;
import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.MalformedIdException;
import io.accounttasks.coreapi.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns every failure into problem+json. The rule of thumb: a body that is not a JSON object is 400; a JSON
 * object whose fields are wrong (types, unknown fields, enum values, ids, lengths, URLs) is 422 with each field
 * named; a bad path or query parameter is 400; nothing a client sends is a 500.
 */
@RestControllerAdvice
class EdgeProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(EdgeProblemHandler.class);

    private static final String OUR_TYPES = "urn:account-tasks:problem:";

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalidInput(InvalidInputException e) {
        return answer(Problems.invalid(HttpStatus.UNPROCESSABLE_ENTITY, "the request has invalid fields",
                e.problems()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return answer(Problems.of(HttpStatus.NOT_FOUND, "not-found", e.getMessage()));
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "conflict", e.getMessage());
        e.properties().forEach(problem::setProperty);
        return answer(problem);
    }

    @ExceptionHandler(ForbiddenException.class)
    ResponseEntity<ProblemDetail> forbidden(ForbiddenException e) {
        return answer(Problems.of(HttpStatus.FORBIDDEN, "forbidden", e.getMessage()));
    }

    /** Thrown by a controller that parses a path or query id itself. */
    @ExceptionHandler(MalformedIdException.class)
    ResponseEntity<ProblemDetail> malformedId(MalformedIdException e) {
        return answer(Problems.invalid(HttpStatus.BAD_REQUEST, e.getMessage(),
                List.of(new FieldProblem(e.what(), e.getMessage()))));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(e);
        String message = root instanceof MalformedIdException || root instanceof IllegalArgumentException
                ? root.getMessage()
                : "'" + e.getValue() + "' is not a valid value";
        return answer(Problems.invalid(HttpStatus.BAD_REQUEST, "invalid parameter '" + e.getName() + "'",
                List.of(new FieldProblem(e.getName(), message))));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (Problems.isDatabaseUnavailable(e)) {
            log.warn("database unavailable: {}", NestedExceptionUtils.getMostSpecificCause(e).toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Problems.DATABASE_RETRY_AFTER)
                    .contentType(Problems.PROBLEM_JSON)
                    .body(Problems.databaseUnavailable());
        }
        // Never the stack trace to the client; the log has it, with the request's trace.
        log.error("unexpected failure", e);
        return answer(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                "an unexpected error occurred; it has been logged"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return body(unreadable(e.getCause()));
    }

    /** Spring MVC's own errors (404, 405, 415, missing parameters...) keep their status, in our shape. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        String detail = e instanceof ErrorResponse error && error.getBody().getDetail() != null
                ? error.getBody().getDetail() : e.getMessage();
        ProblemDetail problem = Problems.of(status, slug(status), detail);
        if (e instanceof MissingServletRequestParameterException missing) {
            // A missing parameter is invalid input like a malformed one: named in errors, not a bare bad-request.
            problem = Problems.invalid(status, detail,
                    List.of(new FieldProblem(missing.getParameterName(), "is required")));
        } else if (e instanceof MissingRequestHeaderException missing) {
            problem = Problems.invalid(status, detail, List.of(new FieldProblem(missing.getHeaderName(), "is required")));
        } else if (e instanceof ErrorResponse error && error.getBody().getType().toString().startsWith(OUR_TYPES)) {
            // An exception of ours that chose its own type (query-side's InvalidQueryParameter): keep it and its
            // properties (errors).
            problem.setType(error.getBody().getType());
            if (error.getBody().getProperties() != null) {
                error.getBody().getProperties().forEach(problem::setProperty);
            }
        }
        return ResponseEntity.status(status).headers(headers).contentType(Problems.PROBLEM_JSON).body(problem);
    }

    static ProblemDetail unreadable(Throwable cause) {
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            return Problems.invalid(HttpStatus.UNPROCESSABLE_ENTITY, "the request has invalid fields",
                    List.of(new FieldProblem(field, fieldMessage(mapping))));
        }
        String detail = cause instanceof MismatchedInputException
                ? "the request body must be a JSON object"
                : cause instanceof JsonProcessingException json
                ? "the request body is not valid JSON: " + json.getOriginalMessage()
                : "the request body must be a JSON object";
        return Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", detail);
    }

    private static String fieldMessage(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "unknown field";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidNullException) {
            return "must not be null";
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException cause) {
            return cause.getMessage();
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            return "must be one of " + Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", "));
        }
        if (e instanceof EdgeWeb.RefusedText refused) {
            return refused.getOriginalMessage(); // a string refused for what it holds (a NUL character)
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "must be " + describe(mismatch.getTargetType());
        }
        return "invalid value";
    }

    private static String describe(Class<?> type) {
        if (type == String.class || type.isRecord()) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "a value of type " + type.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String slug(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "error" : known.name().toLowerCase().replace('_', '-');
    }

    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(Problems.PROBLEM_JSON).body(problem);
    }

    private static ResponseEntity<Object> body(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(Problems.PROBLEM_JSON).body(problem);
    }
}
