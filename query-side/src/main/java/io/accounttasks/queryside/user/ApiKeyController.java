package io.accounttasks.queryside.user;

import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.edge.Caller;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Locale;

/**
 * The gateway's API key check (docs/ARCHITECTURE.md, "API key lookup"): it hashes the {@code x-api-key} it was
 * given and asks whose key that is, with the caller's own token. Only the token's own user is ever answered, so
 * the endpoint cannot be used to find out whose a stolen hash is.
 */
@RestController
class ApiKeyController {

    record KeyOwner(String userId, String organizationId) {
    }

    private final JdbcTemplate jdbc;

    ApiKeyController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping(path = "/internal/api-keys/{sha256Hex}", produces = MediaType.APPLICATION_JSON_VALUE)
    KeyOwner owner(Caller caller, @PathVariable String sha256Hex) {
        // The command side stores the hash as lower-case hex.
        List<KeyOwner> found = jdbc.query("""
                select u.uid, o.uid as organization_uid from users u
                join organizations o on o.id = u.organization_id
                where u.api_key_hash = ? and u.uid = ?""",
                (row, n) -> new KeyOwner(row.getString("uid"), row.getString("organization_uid")),
                sha256Hex.toLowerCase(Locale.ROOT), caller.userId().value());
        if (found.isEmpty()) {
            throw new NotFoundException("no such API key for this caller");
        }
        return found.get(0);
    }
}
