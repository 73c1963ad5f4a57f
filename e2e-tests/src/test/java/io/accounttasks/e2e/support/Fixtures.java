package io.accounttasks.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Fresh organizations, users, accounts and tasks, made through the public API. */
public final class Fixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Fixtures() {
    }

    public static Api api() {
        return RunningSystem.get().api();
    }

    /** A name no other test uses, in this JVM or an earlier one on the same database. */
    public static String unique(String label) {
        return label + "-" + Long.toString(System.currentTimeMillis(), 36) + "-" + SEQUENCE.incrementAndGet();
    }

    public static String emailFor(String uniqueName) {
        return uniqueName.toLowerCase().replaceAll("[^a-z0-9-]", "-") + "@e2e.test";
    }

    /** POST /admin/organizations as it stands, for tests of the call itself. */
    public static Api.Response bootstrapCall(String adminSecret, Object body) {
        Api.Call call = api().call("POST", "/admin/organizations").json(body);
        if (adminSecret != null) {
            call.header("x-admin-secret", adminSecret);
        }
        return call.send();
    }

    public static Map<String, Object> organizationBody(String orgName, String ownerName, String ownerEmail) {
        return Map.of("name", orgName, "owner", Map.of("name", ownerName, "email", ownerEmail));
    }

    /** A new organization; the answer is its owner, with an API key and a token. */
    public static Tenant bootstrapOrganization(String label) {
        String orgName = unique(label);
        String ownerName = "Owner of " + orgName;
        String ownerEmail = emailFor("owner-" + orgName);
        Api.Response response = bootstrapCall(RunningSystem.ADMIN_SECRET,
                organizationBody(orgName, ownerName, ownerEmail));
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        JsonNode org = response.json();
        String orgId = org.path("id").asText();
        String ownerId = org.path("owner").path("id").asText();
        return new Tenant(orgId, ownerId, ownerName, ownerEmail, org.path("apiKey").asText(),
                Jwts.mint(ownerId, orgId));
    }

    /** A new user of the tenant's organization, made by that tenant; the answer can call the API at once. */
    public static Tenant addUser(Tenant by, String label) {
        String name = unique(label);
        String email = emailFor(name);
        Api.Response response = api().post(by, "/v1/users", Map.of("name", name, "email", email));
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        JsonNode user = response.json();
        String userId = user.path("id").asText();
        return new Tenant(by.orgId(), userId, name, email, user.path("apiKey").asText(),
                Jwts.mint(userId, by.orgId()));
    }

    public static JsonNode createAccount(Tenant by, String name) {
        Api.Response response = api().post(by, "/v1/accounts",
                Map.of("name", name, "primaryDomain", emailFor(name).replace("@e2e.test", ".e2e.test")));
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json();
    }

    public static String tasksPath(String accountId) {
        return "/v1/accounts/" + accountId + "/tasks";
    }

    public static String taskPath(String accountId, String taskId) {
        return tasksPath(accountId) + "/" + taskId;
    }

    /** A body with a title and the tenant as assignee, then the given fields over it. */
    public static Map<String, Object> taskBody(Tenant assignee, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", unique("task"));
        body.put("assigneeId", assignee.userId());
        body.putAll(fields);
        return body;
    }

    public static JsonNode createTask(Tenant by, String accountId, Map<String, Object> fields) {
        Api.Response response = api().post(by, tasksPath(accountId), taskBody(by, fields));
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json();
    }

    /** How many tasks the account has, deleted ones included: what an invalid request must leave alone. */
    public static long totalTasks(Tenant by, String accountId) {
        Api.Response response = api().get(by, tasksPath(accountId) + "?includeDeleted=true&limit=100");
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json().path("total").asLong();
    }
}
