package io.accounttasks.coreapi.user;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.accounttasks.coreapi.Ids;

/** A user of one organization: {@code USR_} and a ULID. */
public record UserId(@JsonValue String value) {

    public static final String PREFIX = "USR_";

    @JsonCreator
    public UserId {
        Ids.require(PREFIX, value, "userId");
    }

    public static UserId newId() {
        return new UserId(PREFIX + Ids.newUlid());
    }

    /** The bare value: Axon takes an aggregate's identifier from toString. */
    @Override
    public String toString() {
        return value;
    }
}
