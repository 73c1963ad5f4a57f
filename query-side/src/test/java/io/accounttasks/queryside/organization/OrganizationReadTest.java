package io.accounttasks.queryside.organization;

import io.accounttasks.readmodel.organization.OrganizationProjector;
import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.organization.OrganizationMessages.OrganizationCreated;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.coreapi.user.UserMessages.UserCreated;
import io.accounttasks.queryside.QuerySideTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

class OrganizationReadTest extends QuerySideTest {

    @Autowired
    OrganizationProjector projector;

    @Test
    void anOrganizationIsProjectedWithItsTimeAndVersion() {
        Tenant tenant = newTenant("Acme");

        Map<String, Object> row = jdbc.queryForMap("select * from organizations where uid = ?",
                tenant.orgId().value());
        assertThat(row.get("name")).isEqualTo("Acme");
        assertThat(row.get("version")).isEqualTo(0L);
        assertThat(jdbc.queryForObject("select created_at from organizations where uid = ?", OffsetDateTime.class,
                tenant.orgId().value())).isEqualTo(t0.atOffset(ZoneOffset.UTC));
    }

    @Test
    void aRedeliveredCreationKeepsTheRowAndItsKey() {
        Tenant tenant = newTenant("Redelivered");
        Map<String, Object> before = jdbc.queryForMap("select * from organizations where uid = ?",
                tenant.orgId().value());

        projector.on(new OrganizationCreated(tenant.orgId(), "Redelivered"), t0, 0L);

        assertThat(jdbc.queryForMap("select * from organizations where uid = ?", tenant.orgId().value()))
                .isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from organizations where uid = ?", Long.class,
                tenant.orgId().value())).isEqualTo(1L);
    }

    @Test
    void theAdminViewShowsTheOwner() throws Exception {
        Tenant tenant = newTenant("Globex");

        MockHttpServletResponse answer = send(get("/admin/organizations/" + tenant.orgId())
                .header("x-admin-secret", ADMIN_SECRET));

        assertThat(answer.getStatus()).isEqualTo(200);
        JsonNode body = body(answer);
        assertThat(body.get("id").asText()).isEqualTo(tenant.orgId().value());
        assertThat(body.get("name").asText()).isEqualTo("Globex");
        assertThat(body.get("createdAt").asText()).isEqualTo(text(t0));
        assertThat(body.at("/owner/id").asText()).isEqualTo(tenant.ownerId().value());
        assertThat(body.at("/owner/name").asText()).isEqualTo("Globex Owner");
        assertThat(body.at("/owner/email").asText()).isEqualTo("owner@globex.test");
        assertThat(body.size()).isEqualTo(4);
    }

    @Test
    void theAdminViewNeedsTheSecretAndAnswers404ForAnUnknownOrganization() throws Exception {
        assertThat(send(get("/admin/organizations/" + OrganizationId.newId())).getStatus()).isEqualTo(401);
        MockHttpServletResponse unknown = send(get("/admin/organizations/" + OrganizationId.newId())
                .header("x-admin-secret", ADMIN_SECRET));
        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(unknown.getContentType()).startsWith("application/problem+json");
        assertThat(send(get("/admin/organizations/not-an-id").header("x-admin-secret", ADMIN_SECRET))
                .getStatus()).isEqualTo(400);
    }

    @Test
    void withoutAnOwnerTheOrganizationIsAnsweredWithNone() throws Exception {
        OrganizationId orgId = OrganizationId.newId();
        append("Organization", orgId, new OrganizationCreated(orgId, "Ownerless"), t0);
        awaitRow("organizations", orgId.value(), 0);

        MockHttpServletResponse now = send(get("/admin/organizations/" + orgId).header("x-admin-secret",
                ADMIN_SECRET));
        assertThat(now.getStatus()).isEqualTo(200);
        assertThat(body(now).get("owner").isNull()).isTrue();
    }
}
