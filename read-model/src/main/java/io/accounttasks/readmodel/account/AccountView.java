package io.accounttasks.readmodel.account;

import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.OffsetDateTime;
import java.util.Optional;

/** A customer account as API.md answers it. */
public record AccountView(String id, String name, String primaryDomain, OffsetDateTime createdAt) {

    /** A row of {@code select a.uid, a.name, a.primary_domain, a.created_at from accounts a}. */
    public static final RowMapper<AccountView> ROW = (row, n) -> new AccountView(row.getString("uid"),
            row.getString("name"), row.getString("primary_domain"),
            row.getObject("created_at", OffsetDateTime.class));

    /** The account, if it is the organization's (another's is not there, as one that does not exist). */
    public static Optional<AccountView> find(NamedParameterJdbcTemplate jdbc, OrganizationId organizationId,
                                             AccountId accountId) {
        return jdbc.query("""
                        select a.uid, a.name, a.primary_domain, a.created_at from accounts a
                        join organizations o on o.id = a.organization_id
                        where a.uid = :account and o.uid = :org""",
                new MapSqlParameterSource("org", organizationId.value()).addValue("account", accountId.value()),
                ROW).stream().findFirst();
    }
}
