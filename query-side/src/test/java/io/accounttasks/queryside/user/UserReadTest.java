package io.accounttasks.queryside.user;

import io.accounttasks.readmodel.user.UserProjector;
import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.coreapi.user.UserMessages.UserCreated;
import io.accounttasks.queryside.QuerySideTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

class UserReadTest extends QuerySideTest {

    @Autowired
    UserProjector projector;

    @Test
    void aUserRowReferencesItsOrganizationsKey() {
        Tenant tenant = newTenant("Acme");

        Map<String, Object> row = jdbc.queryForMap("""
                select u.*, o.uid as org_uid from users u join organizations o on o.id = u.organization_id
                where u.uid = ?""", tenant.ownerId().value());
        assertThat(row.get("org_uid")).isEqualTo(tenant.orgId().value());
        assertThat(row.get("name")).isEqualTo("Acme Owner");
        assertThat(row.get("email")).isEqualTo("owner@acme.test");
        assertThat(row.get("api_key_hash")).isEqualTo(tenant.ownerKeyHash());
        assertThat(row.get("version")).isEqualTo(0L);
    }

    @Test
    void aRedeliveredCreationKeepsTheRowAndItsKey() {
        Tenant tenant = newTenant("Again");
        Map<String, Object> before = jdbc.queryForMap("select * from users where uid = ?", tenant.ownerId().value());

        projector.on(new UserCreated(tenant.ownerId(), tenant.orgId(), "Again Owner", "owner@again.test",
                tenant.ownerKeyHash(), null), t0.plusMillis(1), 0L);

        assertThat(jdbc.queryForMap("select * from users where uid = ?", tenant.ownerId().value())).isEqualTo(before);
    }

    @Test
    void aUserIsShownWithoutTheKeyHash() throws Exception {
        Tenant tenant = newTenant("Globex");

        MockHttpServletResponse answer = getAs(tenant, "/v1/users/" + tenant.colleagueId());

        assertThat(answer.getStatus()).isEqualTo(200);
        JsonNode body = body(answer);
        assertThat(body.get("id").asText()).isEqualTo(tenant.colleagueId().value());
        assertThat(body.get("name").asText()).isEqualTo("Globex Colleague");
        assertThat(body.get("email").asText()).isEqualTo("colleague@globex.test");
        assertThat(body.get("createdAt").asText()).isEqualTo(text(t0.plusMillis(2)));
        assertThat(body.size()).isEqualTo(4);
    }

    @Test
    void theListIsTheOrganizationsUsersOldestFirstAndPaged() throws Exception {
        Tenant tenant = newTenant("Initech");
        newTenant("Other");

        JsonNode all = body(getAs(tenant, "/v1/users"));
        assertThat(all.get("total").asLong()).isEqualTo(2);
        assertThat(all.get("page").asInt()).isEqualTo(1);
        assertThat(all.get("limit").asInt()).isEqualTo(20);
        assertThat(all.get("data").get(0).get("id").asText()).isEqualTo(tenant.ownerId().value());
        assertThat(all.get("data").get(1).get("id").asText()).isEqualTo(tenant.colleagueId().value());
        assertThat(all.get("data").get(0).has("apiKeyHash")).isFalse();

        JsonNode second = body(getAs(tenant, "/v1/users?page=2&limit=1"));
        assertThat(second.get("data")).hasSize(1);
        assertThat(second.get("data").get(0).get("id").asText()).isEqualTo(tenant.colleagueId().value());
        assertThat(second.get("total").asLong()).isEqualTo(2);
        assertThat(getAs(tenant, "/v1/users?limit=0").getStatus()).isEqualTo(400);
    }

    @Test
    void anotherOrganizationsUserIs404() throws Exception {
        Tenant tenant = newTenant("Mine");
        Tenant other = newTenant("Theirs");

        MockHttpServletResponse answer = getAs(tenant, "/v1/users/" + other.ownerId());

        assertThat(answer.getStatus()).isEqualTo(404);
        assertThat(answer.getContentType()).startsWith("application/problem+json");
        assertThat(answer.getContentAsString()).doesNotContain("Theirs");
        assertThat(getAs(tenant, "/v1/users/" + UserId.newId()).getStatus()).isEqualTo(404);
        assertThat(getAs(tenant, "/v1/users/USR_nope").getStatus()).isEqualTo(400);
    }

    @Test
    void readsNeedAToken() throws Exception {
        Tenant tenant = newTenant("Locked");
        assertThat(send(get("/v1/users/" + tenant.ownerId())).getStatus()).isEqualTo(401);
    }

    // ---- the gateway's API key lookup --------------------------------------------------------------------------

    @Test
    void theKeyOfTheTokensOwnUserIsFound() throws Exception {
        Tenant tenant = newTenant("Keys");

        MockHttpServletResponse answer = getAs(tenant, "/internal/api-keys/" + tenant.ownerKeyHash());

        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(body(answer).get("userId").asText()).isEqualTo(tenant.ownerId().value());
        assertThat(body(answer).get("organizationId").asText()).isEqualTo(tenant.orgId().value());
        assertThat(body(answer).size()).isEqualTo(2);
    }

    @Test
    void anotherUsersKeyAnUnknownKeyOrNoTokenFindNothing() throws Exception {
        Tenant tenant = newTenant("Snoop");
        Tenant other = newTenant("Victim");

        assertThat(getAs(tenant, "/internal/api-keys/" + other.ownerKeyHash()).getStatus()).isEqualTo(404);
        assertThat(getAs(tenant, "/internal/api-keys/" + sha256("unknown")).getStatus()).isEqualTo(404);
        assertThat(getAs(tenant, "/internal/api-keys/not-hex").getStatus()).isEqualTo(404);
        assertThat(send(get("/internal/api-keys/" + tenant.ownerKeyHash())).getStatus()).isEqualTo(401);
    }
}
