package io.accounttasks.commandside.account;

import io.accounttasks.commandside.ReadYourWrites;
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

    /** The gateway answers with the read model's account; this body is what a client sees if that is late. */
    record Written(String id, long version) {
    }

    private final CommandGateway commands;
    private final Writes writes;

    AccountController(CommandGateway commands, Writes writes) {
        this.commands = commands;
        this.writes = writes;
    }

    @PostMapping(path = "/v1/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Written> create(Caller caller, @RequestBody NewAccount request) {
        AccountId accountId = AccountId.newId();
        long version = writes.inOneTransaction(() -> {
            commands.sendAndWait(new CreateAccount(accountId, caller.organizationId(), caller.userId(),
                    request.name(), request.primaryDomain()));
            return writes.versionOf(accountId);
        });
        String path = "/v1/accounts/" + accountId.value();
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create(path))
                .headers(ReadYourWrites.fromReadModel(version, path))
                .body(new Written(accountId.value(), version));
    }
}
