package io.accounttasks.commandside.organization;

import io.accounttasks.commandside.Names;
import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.organization.OrganizationMessages.CreateOrganization;
import io.accounttasks.coreapi.organization.OrganizationMessages.OrganizationCreated;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A tenant. It is only ever created (with its owner, by the bootstrap); it has no other rules yet. */
@Aggregate
class Organization {

    @AggregateIdentifier
    private OrganizationId organizationId;

    Organization() {
        // for Axon, which rebuilds the organization from its events
    }

    @CommandHandler
    Organization(CreateOrganization command) {
        List<FieldProblem> problems = new ArrayList<>();
        Names.checkName("name", command.name(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        apply(new OrganizationCreated(command.organizationId(), command.name()));
    }

    @EventSourcingHandler
    void on(OrganizationCreated event) {
        organizationId = event.organizationId();
    }
}
