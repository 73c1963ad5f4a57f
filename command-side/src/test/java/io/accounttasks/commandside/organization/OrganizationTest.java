package io.accounttasks.commandside.organization;

import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.organization.OrganizationMessages.CreateOrganization;
import io.accounttasks.coreapi.organization.OrganizationMessages.OrganizationCreated;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrganizationTest {

    private final OrganizationId organizationId = OrganizationId.newId();
    private AggregateTestFixture<Organization> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Organization.class);
    }

    @Test
    void anOrganizationIsCreatedWithItsName() {
        fixture.givenNoPriorActivity()
                .when(new CreateOrganization(organizationId, "Acme"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrganizationCreated(organizationId, "Acme"));
    }

    @Test
    void aBlankOrOverlongNameIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateOrganization(organizationId, " "))
                .expectException(InvalidInputException.class)
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new CreateOrganization(organizationId, "x".repeat(201)))
                .expectException(InvalidInputException.class)
                .expectExceptionMessage("name: must be at most 200 characters");
    }
}
