package io.accounttasks.coreapi;

/**
 * Something that does not exist for the caller: never created, deleted, or another organization's (which is
 * answered exactly like one that does not exist, 404, so no data of another tenant leaks).
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
