package io.accounttasks.edge;

import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.coreapi.account.AccountId;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** A service with a few endpoints, standing for command-side and query-side in these tests. */
@SpringBootApplication
class EdgeTestApplication {

    enum Mood { CALM, CROSS }

    record Greeting(String title, int count, Mood mood) {
    }

    @RestController
    static class Endpoints {

        @GetMapping("/v1/whoami")
        Map<String, String> whoami(Caller caller) {
            return Map.of("userId", caller.userId().value(), "organizationId", caller.organizationId().value());
        }

        @GetMapping("/v1/accounts/{accountId}")
        Map<String, String> account(@PathVariable AccountId accountId) {
            throw new NotFoundException("account " + accountId + " not found");
        }

        @PostMapping("/v1/greetings")
        Greeting greet(@RequestBody Greeting greeting) {
            if (greeting.title() == null || greeting.title().isBlank()) {
                throw new InvalidInputException("title", "must not be blank");
            }
            return greeting;
        }

        /** What a service's data access throws while PostgreSQL restarts: a closed connection, state 08003. */
        @GetMapping("/v1/database-away")
        Map<String, String> databaseAway() {
            throw new IllegalStateException("JDBC rollback failed",
                    new java.sql.SQLException("This connection has been closed.", "08003"));
        }

        /** What a rollback meets after PostgreSQL went away mid-transaction (seen in the crash drill). */
        @GetMapping("/v1/database-gone-mid-transaction")
        Map<String, String> databaseGoneMidTransaction() {
            throw new IllegalStateException("JDBC rollback failed", new java.sql.SQLException("Connection is closed"));
        }

        @GetMapping("/v1/broken")
        Map<String, String> broken() {
            throw new IllegalStateException("a bug");
        }

        @GetMapping("/admin/ping")
        Map<String, String> ping() {
            return Map.of("pong", "yes");
        }
    }
}
