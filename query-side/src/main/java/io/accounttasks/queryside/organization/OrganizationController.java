package io.accounttasks.queryside.organization;

import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.coreapi.organization.OrganizationId;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.OffsetDateTime;
import java.util.List;

/** The operator's view of an organization and its owner ({@code x-admin-secret}, checked by service-edge). */
@RestController
class OrganizationController {

    record Owner(String id, String name, String email) {
    }

    record OrganizationView(String id, String name, OffsetDateTime createdAt, Owner owner) {
    }

    private final JdbcTemplate jdbc;

    OrganizationController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping(path = "/admin/organizations/{organizationId}", produces = MediaType.APPLICATION_JSON_VALUE)
    OrganizationView get(@PathVariable OrganizationId organizationId) {
        List<OrganizationView> found = jdbc.query("""
                select o.uid, o.name, o.created_at, u.uid as owner_uid, u.name as owner_name, u.email as owner_email
                from organizations o
                left join lateral (select uid, name, email from users where organization_id = o.id
                                   order by created_at, id limit 1) u on true
                where o.uid = ?""",
                (row, n) -> new OrganizationView(row.getString("uid"), row.getString("name"),
                        row.getObject("created_at", OffsetDateTime.class),
                        // The owner is the organization's first user; null only while it is not yet projected.
                        row.getString("owner_uid") == null ? null : new Owner(row.getString("owner_uid"),
                                row.getString("owner_name"), row.getString("owner_email"))),
                organizationId.value());
        if (found.isEmpty()) {
            throw new NotFoundException("organization " + organizationId + " does not exist");
        }
        return found.get(0);
    }
}
