package io.accounttasks.coreapi.user;

import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.organization.OrganizationScoped;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A user's messages. The API key itself is never in a message: only its SHA-256 hash is. */
public final class UserMessages {

    private UserMessages() {
    }

    /** {@code createdBy} is null for an organization's owner, created at bootstrap by the operator. */
    public record CreateUser(@TargetAggregateIdentifier UserId userId, OrganizationId organizationId, String name,
                             String email, String apiKeyHash, UserId createdBy) {
    }

    /** v1. */
    public record UserCreated(UserId userId, OrganizationId organizationId, String name, String email,
                              String apiKeyHash, UserId createdBy) implements OrganizationScoped {
    }
}
