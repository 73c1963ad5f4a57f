package io.accounttasks.coreapi.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.accounttasks.coreapi.Ids;

/**
 * An activity kept outside this system. Only its form is checked, and it is kept and answered exactly as given
 * (not normalised), since another system owns it.
 */
public record ActivityId(@JsonValue String value) {

    public static final String PREFIX = "ACT_";

    @JsonCreator
    public ActivityId {
        Ids.require(PREFIX, value, "activityId");
    }

    @Override
    public String toString() {
        return value;
    }
}
