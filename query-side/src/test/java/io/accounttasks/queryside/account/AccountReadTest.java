package io.accounttasks.queryside.account;

import io.accounttasks.readmodel.account.AccountProjector;
import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.account.AccountMessages.AccountCreated;
import io.accounttasks.queryside.QuerySideTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AccountReadTest extends QuerySideTest {

    @Autowired
    AccountProjector projector;

    @Test
    void anAccountRowReferencesItsOrganizationAndCreatorByKey() {
        Tenant tenant = newTenant("Acme");

        Map<String, Object> row = jdbc.queryForMap("""
                select a.*, o.uid as org_uid, u.uid as creator_uid from accounts a
                join organizations o on o.id = a.organization_id join users u on u.id = a.created_by
                where a.uid = ?""", tenant.accountId().value());
        assertThat(row.get("org_uid")).isEqualTo(tenant.orgId().value());
        assertThat(row.get("creator_uid")).isEqualTo(tenant.ownerId().value());
        assertThat(row.get("name")).isEqualTo("Acme Customer");
        assertThat(row.get("primary_domain")).isEqualTo("acme.example");
        assertThat(row.get("version")).isEqualTo(0L);
    }

    @Test
    void aRedeliveredCreationKeepsTheRowAndItsKey() {
        Tenant tenant = newTenant("Again");
        Map<String, Object> before = jdbc.queryForMap("select * from accounts where uid = ?",
                tenant.accountId().value());

        projector.on(new AccountCreated(tenant.accountId(), tenant.orgId(), tenant.ownerId(), "Again Customer",
                "again.example"), t0.plusMillis(3), 0L);

        assertThat(jdbc.queryForMap("select * from accounts where uid = ?", tenant.accountId().value()))
                .isEqualTo(before);
    }

    @Test
    void anAccountIsShownAsTheContractSays() throws Exception {
        Tenant tenant = newTenant("Globex");
        AccountId bare = AccountId.newId();
        append("Account", bare, new AccountCreated(bare, tenant.orgId(), tenant.ownerId(), "No Domain", null),
                t0.plusMillis(10));
        awaitRow("accounts", bare.value(), 0);

        JsonNode body = body(getAs(tenant, "/v1/accounts/" + tenant.accountId()));
        assertThat(body.get("id").asText()).isEqualTo(tenant.accountId().value());
        assertThat(body.get("name").asText()).isEqualTo("Globex Customer");
        assertThat(body.get("primaryDomain").asText()).isEqualTo("globex.example");
        assertThat(body.get("createdAt").asText()).isEqualTo(text(t0.plusMillis(3)));
        assertThat(body.size()).isEqualTo(4);
        JsonNode noDomain = body(getAs(tenant, "/v1/accounts/" + bare));
        assertThat(noDomain.has("primaryDomain") && noDomain.get("primaryDomain").isNull()).isTrue();

        JsonNode list = body(getAs(tenant, "/v1/accounts"));
        assertThat(list.get("total").asLong()).isEqualTo(2);
        assertThat(list.get("data").get(0).get("id").asText()).isEqualTo(tenant.accountId().value());
        assertThat(list.get("data").get(1).get("id").asText()).isEqualTo(bare.value());
    }

    @Test
    void anotherOrganizationsAccountIs404() throws Exception {
        Tenant tenant = newTenant("Mine");
        Tenant other = newTenant("Theirs");

        MockHttpServletResponse answer = getAs(tenant, "/v1/accounts/" + other.accountId());
        assertThat(answer.getStatus()).isEqualTo(404);
        assertThat(answer.getContentAsString()).doesNotContain("Theirs");
        assertThat(getAs(tenant, "/v1/accounts/" + other.accountId() + "/tasks").getStatus()).isEqualTo(404);
        assertThat(body(getAs(tenant, "/v1/accounts")).get("total").asLong()).isEqualTo(1);
    }
}
