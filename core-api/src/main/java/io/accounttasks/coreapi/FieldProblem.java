package io.accounttasks.coreapi;

/** What is wrong with one field of a request, in the contract's field names ({@code title}, {@code attachmentUrls[2]}). */
public record FieldProblem(String field, String message) {
}
