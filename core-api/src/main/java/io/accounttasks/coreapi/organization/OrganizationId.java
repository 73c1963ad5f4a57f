package io.accounttasks.coreapi.organization;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.accounttasks.coreapi.Ids;

/** An organization (tenant): {@code ORG_} and a ULID. */
public record OrganizationId(@JsonValue String value) {

    public static final String PREFIX = "ORG_";

    @JsonCreator
    public OrganizationId {
        Ids.require(PREFIX, value, "organizationId");
    }

    public static OrganizationId newId() {
        return new OrganizationId(PREFIX + Ids.newUlid());
    }

    /** The bare value: Axon takes an aggregate's identifier from toString. */
    @Override
    public String toString() {
        return value;
    }
}
