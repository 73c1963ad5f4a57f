package io.accounttasks.coreapi.organization;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The organization's messages. An organization is created once, at bootstrap, with its owner. */
public final class OrganizationMessages {

    private OrganizationMessages() {
    }

    public record CreateOrganization(@TargetAggregateIdentifier OrganizationId organizationId, String name) {
    }

    /** v1. */
    public record OrganizationCreated(OrganizationId organizationId, String name) implements OrganizationScoped {
    }
}
