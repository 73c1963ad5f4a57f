package io.accounttasks.commandside.user;

import io.accounttasks.commandside.Names;
import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.coreapi.user.UserMessages.CreateUser;
import io.accounttasks.coreapi.user.UserMessages.UserCreated;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A user of one organization. That an e-mail address is used once per organization is a rule over all users,
 * so no single User can check it: the directory's unique index does (see DirectoryTables).
 */
@Aggregate
class User {

    private static final Pattern SHA_256_HEX = Pattern.compile("[0-9a-f]{64}");

    @AggregateIdentifier
    private UserId userId;

    User() {
        // for Axon, which rebuilds the user from its events
    }

    @CommandHandler
    User(CreateUser command) {
        List<FieldProblem> problems = new ArrayList<>();
        Names.checkName("name", command.name(), problems);
        Names.checkEmail("email", command.email(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (command.organizationId() == null
                || command.apiKeyHash() == null || !SHA_256_HEX.matcher(command.apiKeyHash()).matches()) {
            // Not the client's fault: this service builds these fields itself.
            throw new IllegalArgumentException("a user needs an organization and a lowercase hex SHA-256 key hash");
        }
        apply(new UserCreated(command.userId(), command.organizationId(), command.name(), command.email(),
                command.apiKeyHash(), command.createdBy()));
    }

    @EventSourcingHandler
    void on(UserCreated event) {
        userId = event.userId();
    }
}
