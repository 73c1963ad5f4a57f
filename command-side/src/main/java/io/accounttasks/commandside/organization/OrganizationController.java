package io.accounttasks.commandside.organization;

import io.accounttasks.commandside.Names;
import io.accounttasks.commandside.Writes;
import io.accounttasks.commandside.user.ApiKey;
import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.organization.OrganizationMessages.CreateOrganization;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.coreapi.user.UserMessages.CreateUser;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's bootstrap, {@code POST /admin/organizations} (admin secret, checked by service-edge): a new
 * organization and its owner, in one transaction, so there is never an organization nobody can use.
 */
@RestController
class OrganizationController {

    record Owner(String name, String email) {
    }

    record NewOrganization(String name, Owner owner) {
    }

    record CreatedOwner(String id, String name, String email) {
    }

    record CreatedOrganization(String id, String name, CreatedOwner owner, String apiKey) {
    }

    private final CommandGateway commands;
    private final Writes writes;

    OrganizationController(CommandGateway commands, Writes writes) {
        this.commands = commands;
        this.writes = writes;
    }

    @PostMapping(path = "/admin/organizations", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CreatedOrganization> create(@RequestBody NewOrganization request) {
        Owner owner = request.owner() == null ? new Owner(null, null) : request.owner();
        // Checked here as well as in the aggregates, so that one answer names every bad field, owner's included.
        List<FieldProblem> problems = new ArrayList<>();
        Names.checkName("name", request.name(), problems);
        if (request.owner() == null) {
            problems.add(new FieldProblem("owner", "is required"));
        } else {
            Names.checkName("owner.name", owner.name(), problems);
            Names.checkEmail("owner.email", owner.email(), problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }

        OrganizationId organizationId = OrganizationId.newId();
        UserId ownerId = UserId.newId();
        ApiKey key = ApiKey.generate();
        writes.inOneTransaction(() -> {
            commands.sendAndWait(new CreateOrganization(organizationId, request.name()));
            commands.sendAndWait(new CreateUser(ownerId, organizationId, owner.name(), owner.email(), key.hash(),
                    null));
            return null;
        });
        String path = "/admin/organizations/" + organizationId.value();
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create(path))
                .body(new CreatedOrganization(organizationId.value(), request.name(),
                        new CreatedOwner(ownerId.value(), owner.name(), owner.email()), key.plain()));
    }
}
