package io.accounttasks.commandside.user;

import io.accounttasks.commandside.Writes;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.coreapi.user.UserMessages.CreateUser;
import io.accounttasks.edge.Caller;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** {@code POST /v1/users}: a new user of the caller's organization, with an API key shown this once. */
@RestController
class UserController {

    record NewUser(String name, String email) {
    }

    record CreatedUser(String id, String name, String email, String apiKey, OffsetDateTime createdAt) {
    }

    private final CommandGateway commands;
    private final Writes writes;

    UserController(CommandGateway commands, Writes writes) {
        this.commands = commands;
        this.writes = writes;
    }

    @PostMapping(path = "/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CreatedUser> create(Caller caller, @RequestBody NewUser request) {
        UserId userId = UserId.newId();
        ApiKey key = ApiKey.generate();
        OffsetDateTime createdAt = writes.inOneTransaction(() -> {
            commands.sendAndWait(new CreateUser(userId, caller.organizationId(), request.name(), request.email(),
                    key.hash(), caller.userId()));
            return writes.lastEventTime(userId).atOffset(ZoneOffset.UTC);
        });
        String path = "/v1/users/" + userId.value();
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create(path))
                .body(new CreatedUser(userId.value(), request.name(), request.email(), key.plain(),
                        createdAt));
    }
}
