package io.accounttasks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Expect;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.Jwts;
import io.accounttasks.e2e.support.RunningSystem;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.accounttasks.e2e.support.Fixtures.api;
import static io.accounttasks.e2e.support.Fixtures.tasksPath;
import static io.accounttasks.e2e.support.Fixtures.taskPath;
import static org.assertj.core.api.Assertions.assertThat;

/** API.md "Identity and tenancy": bootstrap, users, accounts, and who may see what. */
@EndToEnd
class IdentityTest {

    private static Tenant acme;
    private static Tenant globex;
    private static JsonNode acmeAccount;
    private static JsonNode acmeTask;

    @BeforeAll
    static void tenants() {
        RunningSystem.get();
        acme = Fixtures.bootstrapOrganization("acme");
        globex = Fixtures.bootstrapOrganization("globex");
        acmeAccount = Fixtures.createAccount(acme, Fixtures.unique("Acme customer"));
        acmeTask = Fixtures.createTask(acme, acmeAccount.path("id").asText(),
                Map.of("title", "acme secret task", "description", "acme secret description"));
    }

    // --- bootstrap -------------------------------------------------------------------------------------------

    @Test
    void bootstrapAnswers201WithTheOrganizationItsOwnerAndAnApiKeyThatWorksAtOnce() {
        String orgName = Fixtures.unique("Acme");
        String email = Fixtures.emailFor("jane-" + orgName);
        Api.Response response = Fixtures.bootstrapCall(RunningSystem.ADMIN_SECRET,
                Fixtures.organizationBody(orgName, "Jane Doe", email));

        assertThat(response.status()).as("%s", response).isEqualTo(201);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode org = response.json();
        assertThat(org.path("id").asText()).matches("ORG_[0-7][0-9A-HJKMNP-TV-Z]{25}");
        assertThat(org.path("name").asText()).isEqualTo(orgName);
        assertThat(org.path("owner").path("id").asText()).matches("USR_[0-7][0-9A-HJKMNP-TV-Z]{25}");
        assertThat(org.path("owner").path("name").asText()).isEqualTo("Jane Doe");
        assertThat(org.path("owner").path("email").asText()).isEqualTo(email);
        assertThat(org.path("apiKey").asText()).isNotBlank();

        // At once: no waiting between the 201 and the first call with the new key.
        Tenant owner = new Tenant(org.path("id").asText(), org.path("owner").path("id").asText(), "Jane Doe", email,
                org.path("apiKey").asText(), Jwts.mint(org.path("owner").path("id").asText(), org.path("id").asText()));
        Api.Response users = api().get(owner, "/v1/users");
        assertThat(users.status()).as("%s", users).isEqualTo(200);
        assertThat(Expect.items(users)).anySatisfy(user -> {
            assertThat(user.path("id").asText()).isEqualTo(owner.userId());
            assertThat(user.path("email").asText()).isEqualTo(email);
        });
        Api.Response account = api().post(owner, "/v1/accounts", Map.of("name", "first account"));
        assertThat(account.status()).as("%s", account).isEqualTo(201);
    }

    @Test
    void bootstrapWithoutOrWithAWrongAdminSecretIsRefused() {
        Map<String, Object> body = Fixtures.organizationBody(Fixtures.unique("Intruder"), "Eve", "eve@e2e.test");
        Expect.problem(Fixtures.bootstrapCall(null, body), 401, 403);
        Expect.problem(Fixtures.bootstrapCall("not-the-secret", body), 401, 403);
        // A tenant's own credentials are not the admin secret either.
        Expect.problem(api().call("POST", "/admin/organizations").as(acme).json(body).send(), 401, 403);
    }

    @Test
    void bootstrapWithAnInvalidBodyAnswersAProblem() {
        Expect.problem(Fixtures.bootstrapCall(RunningSystem.ADMIN_SECRET, Map.of("name", "No owner")), 400, 422);
        Expect.problem(Fixtures.bootstrapCall(RunningSystem.ADMIN_SECRET,
                Map.of("name", "", "owner", Map.of("name", "Jane", "email", "jane@e2e.test"))), 400, 422);
        Expect.problem(Fixtures.bootstrapCall(RunningSystem.ADMIN_SECRET, "[]"), 400);
    }

    // --- users -----------------------------------------------------------------------------------------------

    @Test
    void createUserAnswers201WithAKeyShownOnceThatWorksAtOnce() {
        String name = Fixtures.unique("Bob");
        String email = Fixtures.emailFor(name);
        Api.Response response = api().post(acme, "/v1/users", Map.of("name", name, "email", email));

        assertThat(response.status()).as("%s", response).isEqualTo(201);
        JsonNode user = response.json();
        assertThat(user.path("id").asText()).matches("USR_[0-7][0-9A-HJKMNP-TV-Z]{25}");
        assertThat(user.path("name").asText()).isEqualTo(name);
        assertThat(user.path("email").asText()).isEqualTo(email);
        assertThat(user.path("apiKey").asText()).isNotBlank();
        Expect.timestamp(user.path("createdAt"));

        Tenant bob = new Tenant(acme.orgId(), user.path("id").asText(), name, email, user.path("apiKey").asText(),
                Jwts.mint(user.path("id").asText(), acme.orgId()));
        Api.Response list = api().get(bob, "/v1/users");
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        JsonNode users = Expect.items(list);
        assertThat(users).anySatisfy(u -> assertThat(u.path("id").asText()).isEqualTo(bob.userId()));
        assertThat(users).anySatisfy(u -> assertThat(u.path("id").asText()).isEqualTo(acme.userId()));
        // Shown once: a listing never shows a key.
        assertThat(list.body()).doesNotContain(bob.apiKey()).doesNotContain(acme.apiKey());
        users.forEach(u -> assertThat(u.path("apiKey").isMissingNode() || u.path("apiKey").isNull())
                .as("apiKey in a listing: %s", u).isTrue());
    }

    @Test
    void usersListsOnlyTheCallersOrganization() {
        Api.Response list = api().get(globex, "/v1/users");
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        assertThat(Expect.items(list)).isNotEmpty().allSatisfy(u -> assertThat(u.path("id").asText())
                .isNotEqualTo(acme.userId()));
        assertThat(list.body()).doesNotContain(acme.email());
    }

    @Test
    void createUserWithInvalidInputAnswersAProblemAndCreatesNobody() {
        int before = Expect.items(api().get(acme, "/v1/users")).size();
        Expect.invalidInput(api().post(acme, "/v1/users", Map.of("name", "No email")), "email");
        Expect.invalidInput(api().post(acme, "/v1/users", Map.of("name", "", "email", "blank@e2e.test")), "name");
        Expect.invalidInput(api().post(acme, "/v1/users", Map.of("name", "Bad mail", "email", "not-an-email")),
                "email");
        Expect.invalidInput(api().post(acme, "/v1/users",
                Map.of("name", "Extra", "email", "extra@e2e.test", "role", "admin")), "role");
        Expect.problem(api().post(acme, "/v1/users", "not json"), 400);
        assertThat(Expect.items(api().get(acme, "/v1/users"))).hasSize(before);
    }

    // --- accounts --------------------------------------------------------------------------------------------

    @Test
    void createAccountAnswers201AndTheAccountIsReadableAtOnce() {
        String name = Fixtures.unique("Initech");
        Api.Response response = api().post(acme, "/v1/accounts", Map.of("name", name, "primaryDomain", "initech.test"));

        assertThat(response.status()).as("%s", response).isEqualTo(201);
        JsonNode account = response.json();
        String id = account.path("id").asText();
        assertThat(id).matches("ACC_[0-7][0-9A-HJKMNP-TV-Z]{25}");
        assertThat(account.path("name").asText()).isEqualTo(name);
        assertThat(account.path("primaryDomain").asText()).isEqualTo("initech.test");
        Expect.timestamp(account.path("createdAt"));

        Api.Response one = api().get(acme, "/v1/accounts/" + id);
        assertThat(one.status()).as("%s", one).isEqualTo(200);
        assertThat(one.json().path("id").asText()).isEqualTo(id);
        assertThat(one.json().path("name").asText()).isEqualTo(name);
        assertThat(one.json().path("primaryDomain").asText()).isEqualTo("initech.test");

        Api.Response all = api().get(acme, "/v1/accounts");
        assertThat(all.status()).as("%s", all).isEqualTo(200);
        assertThat(Expect.items(all)).anySatisfy(a -> assertThat(a.path("id").asText()).isEqualTo(id));
    }

    @Test
    void createAccountWithoutPrimaryDomain() {
        Api.Response response = api().post(acme, "/v1/accounts", Map.of("name", Fixtures.unique("Hooli")));
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        assertThat(api().get(acme, "/v1/accounts/" + response.json().path("id").asText()).status()).isEqualTo(200);
    }

    @Test
    void createAccountWithInvalidInputAnswersAProblemAndCreatesNothing() {
        int before = Expect.items(api().get(acme, "/v1/accounts")).size();
        Expect.invalidInput(api().post(acme, "/v1/accounts", Map.of("primaryDomain", "x.test")), "name");
        Expect.invalidInput(api().post(acme, "/v1/accounts", Map.of("name", "  ")), "name");
        Expect.invalidInput(api().post(acme, "/v1/accounts", Map.of("name", 42)), "name");
        Expect.invalidInput(api().post(acme, "/v1/accounts", Map.of("name", "x", "owner", "y")), "owner");
        Expect.problem(api().post(acme, "/v1/accounts", "[]"), 400);
        assertThat(Expect.items(api().get(acme, "/v1/accounts"))).hasSize(before);
    }

    @Test
    void anUnknownOrMalformedAccountId() {
        Expect.problem(api().get(acme, "/v1/accounts/ACC_01HFGZ2E9KZXP8W4YT0Q6XR1M9"), 404);
        Expect.problem(api().get(acme, "/v1/accounts/not-an-id"), 400);
    }

    // --- who may call ----------------------------------------------------------------------------------------

    /** Each variant of acme's headers must answer 401 on every kind of call. */
    private static void expectStatusForEveryCall(int status, Consumer<Map<String, String>> spoil) {
        Map<String, String> headers = new HashMap<>(acme.headers());
        spoil.accept(headers);
        String account = acmeAccount.path("id").asText();
        String task = acmeTask.path("id").asText();
        List<Api.Call> calls = List.of(
                api().call("GET", "/v1/users"),
                api().call("GET", "/v1/accounts"),
                api().call("GET", tasksPath(account)),
                api().call("GET", taskPath(account, task)),
                api().call("POST", tasksPath(account)).json(Fixtures.taskBody(acme, Map.of())),
                api().call("PATCH", taskPath(account, task)).json(Map.of("title", "hijacked")),
                api().call("DELETE", taskPath(account, task)));
        long totalBefore = Fixtures.totalTasks(acme, account);
        for (Api.Call call : calls) {
            Api.Response response = call.headers(headers).send();
            Expect.problem(response, status);
            assertThat(response.body()).doesNotContain("acme secret");
        }
        Api.Response task0 = api().get(acme, taskPath(account, task));
        assertThat(task0.status()).as("%s", task0).isEqualTo(200);
        assertThat(task0.json().path("title").asText()).isEqualTo("acme secret task");
        assertThat(Fixtures.totalTasks(acme, account)).isEqualTo(totalBefore);
    }

    @Test
    void missingTokenIs401() {
        expectStatusForEveryCall(401, h -> h.remove("Authorization"));
    }

    @Test
    void aTokenWithAWrongSignatureIs401() {
        expectStatusForEveryCall(401, h -> h.put("Authorization", "Bearer " + Jwts.sign(
                Jwts.claims(acme.userId(), acme.orgId(), Instant.now().plusSeconds(600)),
                "some-other-secret-that-is-32-bytes-long!!")));
    }

    @Test
    void anExpiredTokenIs401() {
        expectStatusForEveryCall(401, h -> h.put("Authorization", "Bearer " + Jwts.sign(
                Jwts.claims(acme.userId(), acme.orgId(), Instant.now().minusSeconds(3600)),
                RunningSystem.JWT_SECRET)));
    }

    @Test
    void aTokenWithoutExpOrOrgOrSubIs401() {
        expectStatusForEveryCall(401, h -> h.put("Authorization", "Bearer " + Jwts.sign(
                Jwts.claims(acme.userId(), acme.orgId(), null), RunningSystem.JWT_SECRET)));
        expectStatusForEveryCall(401, h -> h.put("Authorization", "Bearer " + Jwts.sign(
                Jwts.claims(acme.userId(), null, Instant.now().plusSeconds(600)), RunningSystem.JWT_SECRET)));
        expectStatusForEveryCall(401, h -> h.put("Authorization", "Bearer " + Jwts.sign(
                Jwts.claims(null, acme.orgId(), Instant.now().plusSeconds(600)), RunningSystem.JWT_SECRET)));
    }

    @Test
    void aGarbageTokenOrNotBearerIs401() {
        expectStatusForEveryCall(401, h -> h.put("Authorization", "Bearer not.a.jwt"));
        expectStatusForEveryCall(401, h -> h.put("Authorization", "Basic dXNlcjpwYXNz"));
    }

    @Test
    void anUnsignedTokenIs401() {
        String header = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(Api.toJson(
                Jwts.claims(acme.userId(), acme.orgId(), Instant.now().plusSeconds(600))).getBytes());
        expectStatusForEveryCall(401, h -> h.put("Authorization", "Bearer " + header + "." + payload + "."));
    }

    @Test
    void missingApiKeyIs401() {
        expectStatusForEveryCall(401, h -> h.remove("x-api-key"));
    }

    @Test
    void unknownApiKeyIs401() {
        expectStatusForEveryCall(401, h -> h.put("x-api-key", "no-such-key-" + Fixtures.unique("k")));
    }

    @Test
    void anotherUsersApiKeyIs401() {
        Tenant colleague = Fixtures.addUser(acme, "colleague");
        // acme's token with the colleague's key: the token's sub and the key's user disagree.
        expectStatusForEveryCall(401, h -> h.put("x-api-key", colleague.apiKey()));
        // Another organization's key, too.
        expectStatusForEveryCall(401, h -> h.put("x-api-key", globex.apiKey()));
    }

    @Test
    void aTokenForAnotherUserOfTheSameOrganizationIs401() {
        Tenant colleague = Fixtures.addUser(acme, "colleague");
        expectStatusForEveryCall(401, h -> h.put("Authorization", "Bearer " + colleague.token()));
    }

    @Test
    void missingOrgIdIs401() {
        expectStatusForEveryCall(401, h -> h.remove("x-org-id"));
    }

    @Test
    void validCredentialsOnAnotherOrganizationsIdAre403() {
        expectStatusForEveryCall(403, h -> h.put("x-org-id", globex.orgId()));
    }

    @Test
    void aMalformedOrgIdIsRefused() {
        Map<String, String> headers = new HashMap<>(acme.headers());
        headers.put("x-org-id", "acme");
        Api.Response response = api().call("GET", "/v1/users").headers(headers).send();
        Expect.problem(response, 401, 403);
    }

    @Test
    void anotherOrganizationsAccountAndTasksAre404AndShowNothing() {
        String account = acmeAccount.path("id").asText();
        String task = acmeTask.path("id").asText();
        long totalBefore = Fixtures.totalTasks(acme, account);

        List<Api.Response> responses = List.of(
                api().get(globex, "/v1/accounts/" + account),
                api().get(globex, tasksPath(account)),
                api().get(globex, taskPath(account, task)),
                api().post(globex, tasksPath(account), Fixtures.taskBody(globex, Map.of())),
                api().patch(globex, taskPath(account, task), Map.of("title", "hijacked")),
                api().delete(globex, taskPath(account, task)),
                api().call("DELETE", taskPath(account, task) + "/attachments?url=https://x.test/a").as(globex).send());
        for (Api.Response response : responses) {
            Expect.problem(response, 404);
            assertThat(response.body()).doesNotContain("acme secret").doesNotContain(acmeAccount.path("name").asText());
        }
        // Globex's own listing of accounts does not show acme's.
        Api.Response accounts = api().get(globex, "/v1/accounts");
        assertThat(accounts.status()).isEqualTo(200);
        assertThat(accounts.body()).doesNotContain(account);

        // And acme's task is as it was.
        Api.Response mine = api().get(acme, taskPath(account, task));
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().path("title").asText()).isEqualTo("acme secret task");
        assertThat(mine.json().path("version").asLong()).isEqualTo(acmeTask.path("version").asLong());
        assertThat(Fixtures.totalTasks(acme, account)).isEqualTo(totalBefore);
    }

    @Test
    void aTaskUnderAnotherAccountOfTheSameOrganizationIs404() {
        JsonNode otherAccount = Fixtures.createAccount(acme, Fixtures.unique("Other"));
        String task = acmeTask.path("id").asText();
        Expect.problem(api().get(acme, taskPath(otherAccount.path("id").asText(), task)), 404);
        Expect.problem(api().patch(acme, taskPath(otherAccount.path("id").asText(), task),
                Map.of("title", "moved?")), 404);
        Expect.problem(api().delete(acme, taskPath(otherAccount.path("id").asText(), task)), 404);
        assertThat(api().get(acme, taskPath(acmeAccount.path("id").asText(), task)).status()).isEqualTo(200);
    }

    @Test
    void aNewUserCreatesTasksAsThemselves() {
        Tenant dana = Fixtures.addUser(acme, "dana");
        JsonNode task = Fixtures.createTask(dana, acmeAccount.path("id").asText(), Map.of());
        assertThat(task.path("creatorId").asText()).isEqualTo(dana.userId());
        assertThat(task.path("creator").asText()).isEqualTo(dana.name());
        assertThat(task.path("creatorEmail").asText()).isEqualTo(dana.email());
    }
}
