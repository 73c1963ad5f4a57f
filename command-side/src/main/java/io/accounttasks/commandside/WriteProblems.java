package io.accounttasks.commandside;

import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.edge.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;

/**
 * The command side's own rejections, in service-edge's problem+json shape. Ordered first: service-edge's handler
 * answers every exception it does not know with 500, and would otherwise be asked before this one.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class WriteProblems {

    @ExceptionHandler(PreconditionFailedException.class)
    ResponseEntity<ProblemDetail> preconditionFailed(PreconditionFailedException e) {
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED)
                .eTag(Long.toString(e.currentVersion()))
                .contentType(Problems.PROBLEM_JSON)
                .body(Problems.of(HttpStatus.PRECONDITION_FAILED, "precondition-failed", e.getMessage()));
    }

    @ExceptionHandler(InvalidHeaderException.class)
    ResponseEntity<ProblemDetail> invalidHeader(InvalidHeaderException e) {
        return ResponseEntity.badRequest().contentType(Problems.PROBLEM_JSON)
                .body(invalidHeaderProblem(e));
    }

    /** Also for the idempotency filter, which answers before Spring MVC is reached. */
    static ProblemDetail invalidHeaderProblem(InvalidHeaderException e) {
        return Problems.invalid(HttpStatus.BAD_REQUEST, "invalid header '" + e.header() + "'",
                List.of(new FieldProblem(e.header(), e.getMessage())));
    }
}
