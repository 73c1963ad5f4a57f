package io.accounttasks.commandside.account;

import io.accounttasks.commandside.Names;
import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.account.AccountMessages.AccountCreated;
import io.accounttasks.coreapi.account.AccountMessages.CreateAccount;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A customer account of one organization: what tasks are kept on. */
@Aggregate
class Account {

    @AggregateIdentifier
    private AccountId accountId;

    Account() {
        // for Axon, which rebuilds the account from its events
    }

    @CommandHandler
    Account(CreateAccount command) {
        List<FieldProblem> problems = new ArrayList<>();
        Names.checkName("name", command.name(), problems);
        Names.checkDomain("primaryDomain", command.primaryDomain(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        apply(new AccountCreated(command.accountId(), command.organizationId(), command.actorId(), command.name(),
                command.primaryDomain()));
    }

    @EventSourcingHandler
    void on(AccountCreated event) {
        accountId = event.accountId();
    }
}
