package io.accounttasks.coreapi;

import java.util.Map;

/**
 * A well-formed request that the current state forbids (a status move the state machine refuses): 409. Its
 * properties, if any, are added to the problem as members of their own (the open blockers that stop a
 * completion), so a client need not parse the detail.
 */
public class ConflictException extends RuntimeException {

    private final Map<String, Object> properties;

    public ConflictException(String detail) {
        this(detail, Map.of());
    }

    public ConflictException(String detail, Map<String, Object> properties) {
        super(detail);
        this.properties = Map.copyOf(properties);
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
