package io.accounttasks.coreapi.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.accounttasks.coreapi.Ids;

/** A comment on a task: {@code CMT_} and a ULID, so comments sort in the order they were made. */
public record CommentId(@JsonValue String value) {

    public static final String PREFIX = "CMT_";

    @JsonCreator
    public CommentId {
        Ids.require(PREFIX, value, "commentId");
    }

    public static CommentId newId() {
        return new CommentId(PREFIX + Ids.newUlid());
    }

    @Override
    public String toString() {
        return value;
    }
}
