package io.accounttasks.coreapi.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.accounttasks.coreapi.Ids;

/** A task: its ULID alone, with no prefix (the contract's {@code id}, the read model's {@code uid}). */
public record TaskId(@JsonValue String value) {

    public static final String PREFIX = "";

    @JsonCreator
    public TaskId {
        Ids.require(PREFIX, value, "taskId");
    }

    public static TaskId newId() {
        return new TaskId(PREFIX + Ids.newUlid());
    }

    /** The bare value: Axon takes an aggregate's identifier from toString. */
    @Override
    public String toString() {
        return value;
    }
}
