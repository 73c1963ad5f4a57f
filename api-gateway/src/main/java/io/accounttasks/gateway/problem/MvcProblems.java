package io.accounttasks.gateway.problem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's own refusals (404 for a path no route serves, 405, 406...) keep their status, in the contract's
 * shape and always as {@code application/problem+json}, whatever the client's {@code Accept} says.
 */
@RestControllerAdvice
class MvcProblems extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        String detail = e instanceof ErrorResponse error && error.getBody().getDetail() != null
                ? error.getBody().getDetail() : "the request could not be served";
        HttpHeaders answerHeaders = new HttpHeaders();
        answerHeaders.putAll(headers);
        answerHeaders.setContentType(Problems.PROBLEM_JSON);
        return ResponseEntity.status(status).headers(answerHeaders)
                .body(Problems.body(status, Problems.slug(status), detail));
    }
}
