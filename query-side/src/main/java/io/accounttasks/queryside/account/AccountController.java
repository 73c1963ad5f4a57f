package io.accounttasks.queryside.account;

import io.accounttasks.readmodel.account.AccountView;
import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.coreapi.account.AccountId;
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

/** The caller's organization's customer accounts, oldest first. */
@RestController
class AccountController {

    private final NamedParameterJdbcTemplate jdbc;
    private final ReadSnapshot snapshot;

    AccountController(NamedParameterJdbcTemplate jdbc, ReadSnapshot snapshot) {
        this.jdbc = jdbc;
        this.snapshot = snapshot;
    }

    @GetMapping(path = "/v1/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
    ListPage<AccountView> list(Caller caller, @RequestParam(required = false) String page,
                               @RequestParam(required = false) String limit) {
        Paging paging = Paging.of(page, limit);
        MapSqlParameterSource params = new MapSqlParameterSource("org", caller.organizationId().value())
                .addValue("limit", paging.limit()).addValue("offset", paging.offset());
        return snapshot.read(() -> ListPage.of(jdbc.query("""
                        select a.uid, a.name, a.primary_domain, a.created_at from accounts a
                        where a.organization_id = (select id from organizations where uid = :org)
                        order by a.created_at, a.id limit :limit offset :offset""", params, AccountView.ROW),
                paging,
                jdbc.queryForObject("""
                        select count(*) from accounts
                        where organization_id = (select id from organizations where uid = :org)""",
                        params, Long.class)));
    }

    @GetMapping(path = "/v1/accounts/{accountId}", produces = MediaType.APPLICATION_JSON_VALUE)
    AccountView get(Caller caller, @PathVariable AccountId accountId) {
        return AccountView.find(jdbc, caller.organizationId(), accountId)
                // Another organization's account is answered exactly like one that does not exist.
                .orElseThrow(() -> new NotFoundException("account " + accountId + " does not exist"));
    }
}
