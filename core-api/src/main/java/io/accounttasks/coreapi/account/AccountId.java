package io.accounttasks.coreapi.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.accounttasks.coreapi.Ids;

/** A customer account: {@code ACC_} and a ULID. */
public record AccountId(@JsonValue String value) {

    public static final String PREFIX = "ACC_";

    @JsonCreator
    public AccountId {
        Ids.require(PREFIX, value, "accountId");
    }

    public static AccountId newId() {
        return new AccountId(PREFIX + Ids.newUlid());
    }

    /** The bare value: Axon takes an aggregate's identifier from toString. */
    @Override
    public String toString() {
        return value;
    }
}
