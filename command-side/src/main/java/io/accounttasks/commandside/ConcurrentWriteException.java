package io.accounttasks.commandside;

import io.accounttasks.coreapi.ConflictException;

/**
 * Another transaction appended the aggregate's next event first (the event store's unique aggregate and sequence
 * number). A 409 if it reaches the client; {@link Writes#retryingConflicts} runs the write again before that.
 */
public class ConcurrentWriteException extends ConflictException {

    public ConcurrentWriteException() {
        super("the resource was changed by other requests at the same time, and this write lost every retry; "
                + "read it again and retry");
    }
}
