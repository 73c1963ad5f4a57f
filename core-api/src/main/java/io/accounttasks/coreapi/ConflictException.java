package io.accounttasks.coreapi;

/** A well-formed request that the current state forbids (a status move the state machine refuses): 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String detail) {
        super(detail);
    }
}
