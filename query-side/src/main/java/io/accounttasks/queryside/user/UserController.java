package io.accounttasks.queryside.user;

import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.edge.Caller;
import io.accounttasks.queryside.ListPage;
import io.accounttasks.queryside.Paging;
import io.accounttasks.queryside.ReadSnapshot;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.OffsetDateTime;
import java.util.List;

/** The caller's organization's users. Never the API key's hash: only the gateway's lookup sees that. */
@RestController
class UserController {

    record UserView(String id, String name, String email, OffsetDateTime createdAt) {
    }

    private static final RowMapper<UserView> USER = (row, n) -> new UserView(row.getString("uid"),
            row.getString("name"), row.getString("email"), row.getObject("created_at", OffsetDateTime.class));

    private final NamedParameterJdbcTemplate jdbc;
    private final ReadSnapshot snapshot;

    UserController(NamedParameterJdbcTemplate jdbc, ReadSnapshot snapshot) {
        this.jdbc = jdbc;
        this.snapshot = snapshot;
    }

    @GetMapping(path = "/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
    ListPage<UserView> list(Caller caller, @RequestParam(required = false) String page,
                            @RequestParam(required = false) String limit) {
        Paging paging = Paging.of(page, limit);
        MapSqlParameterSource params = new MapSqlParameterSource("org", caller.organizationId().value())
                .addValue("limit", paging.limit()).addValue("offset", paging.offset());
        // One snapshot for the page and its total, so they agree while the projector writes.
        return snapshot.read(() -> ListPage.of(jdbc.query("""
                        select u.uid, u.name, u.email, u.created_at from users u
                        where u.organization_id = (select id from organizations where uid = :org)
                        order by u.created_at, u.id limit :limit offset :offset""", params, USER),
                paging,
                jdbc.queryForObject("""
                        select count(*) from users
                        where organization_id = (select id from organizations where uid = :org)""",
                        params, Long.class)));
    }

    @GetMapping(path = "/v1/users/{userId}", produces = MediaType.APPLICATION_JSON_VALUE)
    UserView get(Caller caller, @PathVariable UserId userId) {
        MapSqlParameterSource params = new MapSqlParameterSource("org", caller.organizationId().value())
                .addValue("user", userId.value());
        List<UserView> found = jdbc.query("""
                select u.uid, u.name, u.email, u.created_at from users u
                join organizations o on o.id = u.organization_id
                where u.uid = :user and o.uid = :org""", params, USER);
        if (found.isEmpty()) {
            // Another organization's user is answered exactly like one that does not exist.
            throw new NotFoundException("user " + userId + " does not exist");
        }
        return found.get(0);
    }
}
