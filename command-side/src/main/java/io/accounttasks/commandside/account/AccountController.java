package io.accounttasks.commandside.account;

import io.accounttasks.readmodel.account.AccountView;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import io.accounttasks.commandside.Writes;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.account.AccountMessages.CreateAccount;
import io.accounttasks.edge.Caller;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** {@code POST /v1/accounts}: a new customer account of the caller's organization. */
@RestController
class AccountController {

    record NewAccount(String name, String primaryDomain) {
    }

    private final CommandGateway commands;
    private final Writes writes;
    private final NamedParameterJdbcTemplate jdbc;

    AccountController(CommandGateway commands, Writes writes, NamedParameterJdbcTemplate jdbc) {
        this.commands = commands;
        this.writes = writes;
        this.jdbc = jdbc;
    }

    @PostMapping(path = "/v1/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountView> create(Caller caller, @RequestBody NewAccount request) {
        AccountId accountId = AccountId.newId();
        // Answered from the row written with the event (TaskProjection): what a GET shows right after.
        AccountView account = writes.inOneTransaction(() -> {
            commands.sendAndWait(new CreateAccount(accountId, caller.organizationId(), caller.userId(),
                    request.name(), request.primaryDomain()));
            return AccountView.find(jdbc, caller.organizationId(), accountId)
                    .orElseThrow(() -> new IllegalStateException("account " + accountId + " was not projected"));
        });
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/v1/accounts/" + accountId.value()))
                .body(account);
    }
}
