package io.accounttasks.coreapi;

/**
 * A request by a user of the right organization for something only another user may do (editing someone else's
 * comment): 403. The thing itself is shown to the caller, so naming it leaks nothing.
 */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String detail) {
        super(detail);
    }
}
