package io.accounttasks.commandside;

import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.readmodel.task.TaskProjector;
import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.commandside.user.ApiKey;
import io.accounttasks.coreapi.Ids;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The command side over HTTP on a real PostgreSQL: what lands in the event store and the lookup tables, the
 * read-your-writes headers, versions, and the all-or-nothing rules. Every test makes its own organization. The task
 * workflow (deadlines, blockers, outcomes, follow-ups, comments) is TaskWorkflowIntegrationTest's.
 */
class CommandSideIntegrationTest extends CommandSideTestSupport {

    /** What wrote a task's row with its events: for an event written here by hand, as an old version stored it. */
    @Autowired
    TaskProjector taskProjector;

    @Autowired
    MeterRegistry meters;

    // ---- bootstrap, users, accounts ---------------------------------------------------------------------

    @Test
    void theBootstrapCreatesOrganizationAndOwnerInOneTransactionAndShowsTheKeyOnce() throws Exception {
        MvcResult result = http.perform(post("/admin/organizations").header("x-admin-secret", ADMIN_SECRET)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Initech\",\"owner\":{\"name\":\"Bill\",\"email\":\"bill@initech.test\"}}"))
                .andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(201);
        JsonNode body = body(result);
        String orgId = body.get("id").asText();
        String ownerId = body.at("/owner/id").asText();
        String apiKey = body.get("apiKey").asText();
        assertThat(Ids.isWellFormed("ORG_", orgId)).isTrue();
        assertThat(Ids.isWellFormed("USR_", ownerId)).isTrue();
        assertThat(body.get("name").asText()).isEqualTo("Initech");
        assertThat(body.at("/owner/email").asText()).isEqualTo("bill@initech.test");
        assertThat(apiKey).matches("tk_[A-Za-z0-9_-]{43}");
        assertThat(result.getResponse().getHeader("Location")).isEqualTo("/admin/organizations/" + orgId);

        // Only the key's hash is stored, in the event, as JSON in a bytea column.
        JsonNode userCreated = payload(ownerId, 0);
        assertThat(userCreated.get("apiKeyHash").asText()).isEqualTo(ApiKey.hashOf(apiKey));
        assertThat(userCreated.get("organizationId").asText()).isEqualTo(orgId);
        assertThat(userCreated.has("createdBy") && !userCreated.get("createdBy").isNull()).isFalse();
        assertThat(jdbc.queryForList("select convert_from(payload, 'UTF8') from domainevententry",
                String.class)).noneMatch(p -> p.contains(apiKey));
        assertThat(payload(orgId, 0).get("name").asText()).isEqualTo("Initech");
        assertThat(jdbc.queryForObject("select organization_id from command_users where user_id = ?", String.class,
                ownerId)).isEqualTo(orgId);
    }

    @Test
    void theCommandBusIsMeasuredWithoutACapacityWindow() {
        // The fixture's tenant was made through the command bus: Axon registers its meters at the first command.
        assertThat(meters.find("commandBus.successCounter").counter()).isNotNull();
        assertThat(meters.find("commandBus.successCounter").counter().count()).isPositive();
        assertThat(meters.find("commandBus.allTimer").timer()).isNotNull();
        // Axon's capacity monitor would keep every command's time for ten minutes (docs/BENCHMARKS.md, step 5).
        assertThat(meters.find("commandBus.capacity").gauge()).isNull();
    }

    @Test
    void theEventStoreIsAxonsJdbcSchemaWithJsonInBytea() {
        assertThat(jdbc.queryForObject("select data_type from information_schema.columns "
                + "where table_name = 'domainevententry' and column_name = 'payload'", String.class))
                .isEqualTo("bytea");
        Map<String, Object> row = jdbc.queryForMap("select payloadtype, sequencenumber, pg_typeof(payload)::text as t, "
                + "convert_from(payload, 'UTF8') as json, convert_from(metadata, 'UTF8') as meta "
                + "from domainevententry where aggregateidentifier = ?", tenant.accountId());
        assertThat(row.get("payloadtype")).isEqualTo("io.accounttasks.coreapi.account.AccountMessages$AccountCreated");
        assertThat(row.get("sequencenumber")).isEqualTo(0L);
        assertThat(row.get("t")).isEqualTo("bytea");
        assertThat((String) row.get("json")).startsWith("{").contains("\"accountId\":\"" + tenant.accountId() + "\"");
        assertThat((String) row.get("meta")).startsWith("{");
    }

    @Test
    void aBootstrapWithBadFieldsNamesThemAllAndWritesNothing() throws Exception {
        long events = count();
        MvcResult result = http.perform(post("/admin/organizations").header("x-admin-secret", ADMIN_SECRET)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\" \",\"owner\":{\"name\":\"\",\"email\":\"nope\"}}")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(result).get("errors").findValuesAsText("field"))
                .containsExactly("name", "owner.name", "owner.email");
        assertThat(count()).isEqualTo(events);
    }

    @Test
    void theBootstrapNeedsTheAdminSecret() throws Exception {
        assertThat(http.perform(post("/admin/organizations").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"X\",\"owner\":{\"name\":\"Y\",\"email\":\"y@x.test\"}}")).andReturn()
                .getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void aNewUserGetsAKeyAndIsInTheDirectory() throws Exception {
        MvcResult result = http.perform(as(tenant, post("/v1/users"))
                .content("{\"name\":\"Sam\",\"email\":\"sam@acme.test\"}")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(201);
        JsonNode body = body(result);
        String userId = body.get("id").asText();
        assertThat(body.get("apiKey").asText()).startsWith("tk_");
        assertThat(Instant.parse(body.get("createdAt").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(payload(userId, 0).get("createdBy").asText()).isEqualTo(tenant.ownerId());
        assertThat(jdbc.queryForObject("select count(*) from command_users where user_id = ? and organization_id = ?",
                Integer.class, userId, tenant.orgId())).isEqualTo(1);
    }

    @Test
    void aSecondUserWithTheSameEmailInOneOrganizationIs409AndLeavesNoEvent() throws Exception {
        assertThat(http.perform(as(tenant, post("/v1/users"))
                .content("{\"name\":\"Sam\",\"email\":\"sam.dup@acme.test\"}")).andReturn()
                .getResponse().getStatus()).isEqualTo(201);
        long events = count();
        MvcResult result = http.perform(as(tenant, post("/v1/users"))
                .content("{\"name\":\"Copy\",\"email\":\"SAM.DUP@acme.test\"}")).andReturn();

        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(409);
        assertThat(body(result).get("detail").asText()).contains("e-mail already exists");
        assertThat(count()).isEqualTo(events);

        // The same address in another organization is another person's business.
        Tenant other = newTenant("Other");
        assertThat(http.perform(as(other, post("/v1/users"))
                .content("{\"name\":\"Sam\",\"email\":\"sam.dup@acme.test\"}")).andReturn()
                .getResponse().getStatus()).isEqualTo(201);
    }

    @Test
    void aNewAccountAnswersFromTheReadModel() throws Exception {
        MvcResult result = http.perform(as(tenant, post("/v1/accounts"))
                .content("{\"name\":\"Globex\"}")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(201);
        String accountId = body(result).get("id").asText();
        // The account as a GET shows it: read from the row written with the event.
        assertThat(body(result).get("name").asText()).isEqualTo("Globex");
        assertThat(body(result).get("createdAt").asText()).endsWith("Z");
        assertThat(result.getResponse().getHeader("Location")).isEqualTo("/v1/accounts/" + accountId);
        assertThat(jdbc.queryForObject("select organization_id from command_accounts where account_id = ?",
                String.class, accountId)).isEqualTo(tenant.orgId());

        MvcResult bad = http.perform(as(tenant, post("/v1/accounts"))
                .content("{\"name\":\"" + "n".repeat(201) + "\",\"primaryDomain\":\"-bad-\"}")).andReturn();
        assertThat(bad.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(bad).get("errors").findValuesAsText("field")).containsExactly("name", "primaryDomain");
    }

    // ---- tasks ---------------------------------------------------------------------------------------------

    @Test
    void aNewTaskHasVersion0AndItsLocationAndETag() throws Exception {
        MvcResult result = createTask(tenant, "{\"title\":\"Call\",\"assigneeId\":\"" + tenant.colleagueId()
                + "\",\"accountId\":\"" + tenant.accountId() + "\",\"attachmentUrls\":[\"https://x.test/a\"]}");

        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
        String taskId = body(result).get("id").asText();
        String path = taskPath(tenant, taskId);
        assertThat(result.getResponse().getHeader("Location")).isEqualTo(path);
        assertThat(result.getResponse().getHeader("ETag")).isEqualTo("\"0\"");
        assertVersion(result, 0);
        JsonNode created = payload(taskId, 0);
        assertThat(created.get("type").asText()).isEqualTo("FOLLOW_UP");
        assertThat(created.get("status").asText()).isEqualTo("PENDING");
        assertThat(created.get("priority").asText()).isEqualTo("LOW");
        assertThat(created.get("actorId").asText()).isEqualTo(tenant.ownerId());
        // Written in TaskCreated's current shape, version 3: the details as fields of their own.
        assertThat(created.at("/attachmentUrls/0").asText()).isEqualTo("https://x.test/a");
        assertThat(created.get("title").asText()).isEqualTo("Call");
        assertThat(created.has("details")).isFalse();
        assertThat(jdbc.queryForObject("select payloadrevision from domainevententry where aggregateidentifier = ?"
                + " and sequencenumber = 0", String.class, taskId)).isEqualTo("3");
    }

    /** Left out, type, status, priority and accountId take their defaults; sent as null, they are refused. */
    @Test
    void aCreatesOptionalFieldsMayBeLeftOutButNotSentAsNull() throws Exception {
        for (String field : List.of("type", "status", "priority", "accountId")) {
            MvcResult result = createTask(tenant, "{\"title\":\"Call\",\"assigneeId\":\"" + tenant.colleagueId()
                    + "\",\"" + field + "\":null}");
            assertThat(result.getResponse().getStatus()).as(field).isEqualTo(422);
            assertThat(body(result).at("/errors/0/field").asText()).isEqualTo(field);
            assertThat(body(result).at("/errors/0/message").asText()).startsWith("must not be null");
        }
    }

    @Test
    void aTaskNeedsAnAccountAndAnAssigneeOfTheCallersOrganization() throws Exception {
        Tenant other = newTenant("Other");
        String body = "{\"title\":\"Call\",\"assigneeId\":\"" + tenant.colleagueId() + "\"}";

        assertThat(http.perform(as(tenant, post("/v1/accounts/ACC_" + Ids.newUlid() + "/tasks")).content(body))
                .andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(http.perform(as(tenant, post("/v1/accounts/" + other.accountId() + "/tasks")).content(body))
                .andReturn().getResponse().getStatus()).isEqualTo(404);

        MvcResult strangerAssignee = createTask(tenant, "{\"title\":\"Call\",\"assigneeId\":\""
                + other.colleagueId() + "\"}");
        assertThat(strangerAssignee.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(strangerAssignee).at("/errors/0/field").asText()).isEqualTo("assigneeId");

        MvcResult otherAccountInBody = createTask(tenant, "{\"title\":\"Call\",\"assigneeId\":\""
                + tenant.colleagueId() + "\",\"accountId\":\"ACC_" + Ids.newUlid() + "\"}");
        assertThat(otherAccountInBody.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(otherAccountInBody).at("/errors/0/field").asText()).isEqualTo("accountId");

        MvcResult everything = createTask(tenant, "{\"title\":\"\",\"attachmentUrls\":[\"ftp://x\",null]}");
        assertThat(everything.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(everything).get("errors").findValuesAsText("field"))
                .containsExactly("attachmentUrls[1]");
    }

    @Test
    void aPatchChangesOnlyTheNamedFieldsAndEachChangeIsOneEvent() throws Exception {
        String taskId = newTask(tenant);
        String path = taskPath(tenant, taskId);

        MvcResult result = http.perform(as(tenant, patch(path))
                .content("{\"title\":\"Call again\",\"priority\":\"HIGH\",\"status\":\"IN_PROGRESS\"}")).andReturn();

        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        assertVersion(result, 3);
        assertThat(result.getResponse().getHeader("ETag")).isEqualTo("\"3\"");
        assertThat(body(result).get("version").asLong()).isEqualTo(3);
        JsonNode detailsChanged = payload(taskId, 1);
        assertThat(detailsChanged.at("/from/title").asText()).isEqualTo("Call");
        assertThat(detailsChanged.at("/to/title").asText()).isEqualTo("Call again");
        // Fields the patch did not name keep their values.
        assertThat(detailsChanged.at("/to/description").asText()).isEqualTo("About the renewal");
        assertThat(detailsChanged.at("/to/attachmentUrls/0").asText()).isEqualTo("https://x.test/a");
        assertThat(payload(taskId, 2).get("to").asText()).isEqualTo("HIGH");
        assertThat(payload(taskId, 3).get("to").asText()).isEqualTo("IN_PROGRESS");

        // null clears the description and the activity; the same values again change nothing.
        MvcResult cleared = http.perform(as(tenant, patch(path)).content("{\"description\":null,\"activityId\":null}"))
                .andReturn();
        assertVersion(cleared, 4);
        assertThat(payload(taskId, 4).at("/to/description").isNull()).isTrue();
        assertThat(payload(taskId, 4).at("/to/activityId").isNull()).isTrue();

        MvcResult same = http.perform(as(tenant, patch(path))
                .content("{\"title\":\"Call again\",\"priority\":\"HIGH\",\"description\":null}")).andReturn();
        assertThat(same.getResponse().getStatus()).isEqualTo(200);
        assertVersion(same, 4);

        MvcResult empty = http.perform(as(tenant, patch(path)).content("{}")).andReturn();
        assertThat(empty.getResponse().getStatus()).isEqualTo(200);
        assertVersion(empty, 4);
        assertThat(count(taskId)).isEqualTo(5);

        MvcResult reassigned = http.perform(as(tenant, patch(path))
                .content("{\"assigneeId\":\"" + tenant.ownerId() + "\",\"type\":\"REVIEW\"}")).andReturn();
        assertVersion(reassigned, 6);
    }

    @Test
    void aPatchIsAllOrNothing() throws Exception {
        String taskId = newTask(tenant);
        String path = taskPath(tenant, taskId);
        http.perform(as(tenant, patch(path)).content("{\"status\":\"COMPLETED\"}")).andReturn();

        // The title would change, but COMPLETED -> CANCELLED is refused: nothing of the patch is kept.
        MvcResult refused = http.perform(as(tenant, patch(path))
                .content("{\"title\":\"Changed\",\"priority\":\"HIGH\",\"status\":\"CANCELLED\"}")).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(refused).get("detail").asText()).contains("COMPLETED", "CANCELLED", "IN_PROGRESS");
        assertThat(count(taskId)).isEqualTo(2);

        // A bad assignee after a good title: the same.
        MvcResult invalid = http.perform(as(tenant, patch(path))
                .content("{\"title\":\"Changed\",\"assigneeId\":\"USR_" + Ids.newUlid() + "\"}")).andReturn();
        assertThat(invalid.getResponse().getStatus()).isEqualTo(422);
        assertThat(count(taskId)).isEqualTo(2);

        MvcResult nulls = http.perform(as(tenant, patch(path))
                .content("{\"title\":null,\"status\":null,\"attachmentUrls\":null}")).andReturn();
        assertThat(nulls.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(nulls).get("errors").findValuesAsText("field")).containsExactly("title", "status");
        assertThat(count(taskId)).isEqualTo(2);
    }

    /** What a generated client sends for lists it never set (openapi.yaml has them nullable): nothing changes. */
    @Test
    void listsSentAsNullInAPatchAreLeftAsTheyAre() throws Exception {
        String taskId = newTask(tenant);
        String path = taskPath(tenant, taskId);
        http.perform(as(tenant, patch(path)).content("{\"attachmentUrls\":[\"https://x.test/a.pdf\"]}"))
                .andReturn();
        assertThat(count(taskId)).isEqualTo(2);

        MvcResult nulls = http.perform(as(tenant, patch(path))
                .content("{\"attachmentUrls\":null,\"blockedBy\":null,\"priority\":\"HIGH\"}")).andReturn();
        assertThat(nulls.getResponse().getStatus()).as(nulls.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(count(taskId)).as("only the priority's event").isEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ? "
                + "and payloadtype like '%TaskDetailsChanged' ", Long.class, taskId)).isEqualTo(1);

        MvcResult onlyNulls = http.perform(as(tenant, patch(path))
                .content("{\"attachmentUrls\":null,\"blockedBy\":null}")).andReturn();
        assertThat(onlyNulls.getResponse().getStatus()).isEqualTo(200);
        assertThat(count(taskId)).isEqualTo(3);
    }

    @Test
    void wrongFieldsOfAPatchAre422AndABodyThatIsNoObject400() throws Exception {
        String path = taskPath(tenant, newTask(tenant));

        for (String body : List.of("{\"status\":\"DONE\"}", "{\"title\":12}", "{\"colour\":\"red\"}",
                "{\"assigneeId\":\"bob\"}", "{\"attachmentUrls\":\"https://x.test\"}")) {
            assertThat(http.perform(as(tenant, patch(path)).content(body)).andReturn().getResponse().getStatus())
                    .as(body).isEqualTo(422);
        }
        for (String body : List.of("[]", "{", "")) {
            assertThat(http.perform(as(tenant, patch(path)).content(body)).andReturn().getResponse().getStatus())
                    .as(body).isEqualTo(400);
        }
    }

    @Test
    void anotherOrganizationsTaskIsNotFoundAndAMalformedIdIsABadRequest() throws Exception {
        String taskId = newTask(tenant);
        Tenant other = newTenant("Other");

        // The other tenant's caller, naming our account and task in the path.
        assertThat(http.perform(as(other, patch(taskPath(tenant, taskId))).content("{\"title\":\"x\"}")).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(http.perform(as(other, delete(taskPath(tenant, taskId)))).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
        // ...or its own account with our task's id.
        assertThat(http.perform(as(other, patch(taskPath(other, taskId))).content("{}")).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(count(taskId)).isEqualTo(1);

        assertThat(http.perform(as(tenant, patch(taskPath(tenant, Ids.newUlid()))).content("{}")).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(http.perform(as(tenant, patch(taskPath(tenant, "not-a-task"))).content("{}")).andReturn()
                .getResponse().getStatus()).isEqualTo(400);
    }

    // ---- traces ----------------------------------------------------------------------------------------------

    @Test
    void everyEventOfAWriteNamesTheTraceOfItsRequest() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String taskId = newTask(tenant);
        MvcResult changed = http.perform(as(tenant, patch(taskPath(tenant, taskId)))
                        .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                        .content("{\"priority\":\"HIGH\",\"status\":\"IN_PROGRESS\"}"))
                .andReturn();
        assertThat(changed.getResponse().getStatus()).isEqualTo(200);

        // Both events of the PATCH continue the caller's trace, in the command side's own span.
        for (long sequence : new long[] {1, 2}) {
            assertThat(metadata(taskId, sequence).path("traceparent").asText())
                    .matches("00-" + traceId + "-[0-9a-f]{16}-01");
        }
        // A request that came without one was traced all the same, in a trace of its own.
        String created = metadata(taskId, 0).path("traceparent").asText();
        assertThat(created).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]").doesNotContain(traceId);
        // Axon's own message ids are still there beside it, under their names.
        assertThat(metadata(taskId, 1).has("correlationId")).isTrue();
    }

    @Test
    void aMalformedTraceparentStartsANewTraceAndFailsNothing() throws Exception {
        String taskId = newTask(tenant);
        for (String malformed : new String[] {"00-zz-00f067aa0ba902b7-01", "garbage",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "\u00e9t\u00e9"}) {
            MvcResult changed = http.perform(as(tenant, patch(taskPath(tenant, taskId)))
                    .header("traceparent", malformed)
                    .content("{\"title\":\"Call " + malformed.length() + "\"}")).andReturn();
            assertThat(changed.getResponse().getStatus()).as(malformed).isEqualTo(200);
        }
        assertThat(metadata(taskId, 1).path("traceparent").asText())
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")
                .doesNotStartWith("00-00000000000000000000000000000000");
    }

    @Test
    void attachmentsAreRemovedOneUrlAtATime() throws Exception {
        String taskId = newTask(tenant);
        String path = taskPath(tenant, taskId);

        MvcResult removed = http.perform(as(tenant, delete(path + "/attachments")).param("url", "https://x.test/a"))
                .andReturn();
        assertThat(removed.getResponse().getStatus()).isEqualTo(200);
        assertVersion(removed, 1);
        assertThat(removed.getResponse().getHeader("ETag")).isEqualTo("\"1\"");

        assertThat(http.perform(as(tenant, delete(path + "/attachments")).param("url", "https://x.test/a"))
                .andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(http.perform(as(tenant, delete(path + "/attachments"))).andReturn().getResponse().getStatus())
                .isEqualTo(400);
    }

    @Test
    void aDeletedTaskAnswers204OnceAnd404After() throws Exception {
        String taskId = newTask(tenant);
        String path = taskPath(tenant, taskId);

        MvcResult deleted = http.perform(as(tenant, delete(path))).andReturn();
        assertThat(deleted.getResponse().getStatus()).isEqualTo(204);
        assertVersion(deleted, 1);

        assertThat(http.perform(as(tenant, delete(path))).andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(http.perform(as(tenant, patch(path)).content("{}")).andReturn().getResponse().getStatus())
                .isEqualTo(404);
        assertThat(count(taskId)).isEqualTo(2);
    }

    // ---- concurrent writers and If-Match ----------------------------------------------------------------------

    /**
     * Two writers of one task: another transaction appends the task's next event while this PATCH is between
     * reading the task and appending. The event store's unique (aggregate, sequence) refuses the PATCH's event;
     * the PATCH then runs again on the task as the rival left it, and both changes are kept.
     */
    @Test
    void aConcurrentWriteOfTheSameTaskIsRetriedOnTheNewerTask() throws Exception {
        String taskId = newTask(tenant);

        MvcResult result = patchWhileARivalAppends(taskId, null);

        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        assertVersion(result, 2);
        assertThat(count(taskId)).isEqualTo(3);
        // Decided on the rival's MEDIUM, not on the LOW the first attempt had read.
        assertThat(payload(taskId, 2).get("from").asText()).isEqualTo("MEDIUM");
        assertThat(payload(taskId, 2).get("to").asText()).isEqualTo("HIGH");
    }

    /** The same race with If-Match: the version the client named is gone, so it is 412, with nothing written. */
    @Test
    void aConcurrentWriteAgainstAnIfMatchIs412() throws Exception {
        String taskId = newTask(tenant);

        MvcResult result = patchWhileARivalAppends(taskId, "\"0\"");

        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(412);
        assertThat(body(result).get("type").asText()).isEqualTo("urn:account-tasks:problem:precondition-failed");
        assertThat(body(result).get("detail").asText()).contains("version 1");
        assertThat(count(taskId)).isEqualTo(2);
    }

    @Test
    void anIfMatchOfTheCurrentVersionOrAnyWrites() throws Exception {
        String taskId = newTask(tenant);
        String path = taskPath(tenant, taskId);

        MvcResult quoted = http.perform(as(tenant, patch(path)).header("If-Match", "\"0\"")
                .content("{\"priority\":\"HIGH\"}")).andReturn();
        assertThat(quoted.getResponse().getStatus()).as(quoted.getResponse().getContentAsString()).isEqualTo(200);
        assertVersion(quoted, 1);

        for (String ifMatch : List.of("1", "W/\"1\", \"2\"", "\"7\", \"3\"", "*")) {
            long before = count(taskId);
            MvcResult result = http.perform(as(tenant, patch(path)).header("If-Match", ifMatch)
                    .content("{\"title\":\"Title " + before + "\"}")).andReturn();
            assertThat(result.getResponse().getStatus()).as(ifMatch).isEqualTo(200);
            assertVersion(result, before);
        }
        assertThat(count(taskId)).isEqualTo(6);
    }

    @Test
    void aStaleIfMatchIs412NamingTheCurrentVersionAndWritesNothing() throws Exception {
        String taskId = newTask(tenant);
        String path = taskPath(tenant, taskId);
        http.perform(as(tenant, patch(path)).content("{\"priority\":\"HIGH\"}")).andReturn();

        for (String ifMatch : List.of("\"0\"", "\"2\"", "W/\"0\", \"5\"", "W/\"1\"")) {
            MvcResult stale = http.perform(as(tenant, patch(path)).header("If-Match", ifMatch)
                    .content("{\"title\":\"Never\"}")).andReturn();
            assertThat(stale.getResponse().getStatus()).as(ifMatch).isEqualTo(412);
            assertThat(stale.getResponse().getContentType()).isEqualTo("application/problem+json");
            assertThat(stale.getResponse().getHeader("ETag")).isEqualTo("\"1\"");
            JsonNode problem = body(stale);
            assertThat(problem.get("type").asText()).isEqualTo("urn:account-tasks:problem:precondition-failed");
            assertThat(problem.get("status").asInt()).isEqualTo(412);
            assertThat(problem.get("detail").asText()).contains("version 1");
        }
        assertThat(count(taskId)).isEqualTo(2);

        MvcResult attachment = http.perform(as(tenant, delete(path + "/attachments")).header("If-Match", "\"0\"")
                .param("url", "https://x.test/a")).andReturn();
        assertThat(attachment.getResponse().getStatus()).isEqualTo(412);
        assertThat(count(taskId)).isEqualTo(2);
    }

    @Test
    void aDeleteWithAStaleIfMatchIs412AndTheTaskStays() throws Exception {
        String taskId = newTask(tenant);
        String path = taskPath(tenant, taskId);
        http.perform(as(tenant, patch(path)).content("{\"priority\":\"HIGH\"}")).andReturn();

        MvcResult stale = http.perform(as(tenant, delete(path)).header("If-Match", "\"0\"")).andReturn();
        assertThat(stale.getResponse().getStatus()).isEqualTo(412);
        assertThat(count(taskId)).isEqualTo(2);
        assertThat(http.perform(as(tenant, patch(path)).content("{}")).andReturn().getResponse().getStatus())
                .isEqualTo(200);

        MvcResult current = http.perform(as(tenant, delete(path)).header("If-Match", "\"1\"")).andReturn();
        assertThat(current.getResponse().getStatus()).isEqualTo(204);
        // A deleted task is not found, whatever the If-Match: * matches only a task that exists.
        assertThat(http.perform(as(tenant, patch(path)).header("If-Match", "*").content("{}")).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void aMalformedIfMatchIs400AndWritesNothing() throws Exception {
        String taskId = newTask(tenant);
        String path = taskPath(tenant, taskId);

        for (String ifMatch : List.of("\"abc\"", "\"1", "-1", "*, \"0\"", " ")) {
            MvcResult bad = http.perform(as(tenant, patch(path)).header("If-Match", ifMatch)
                    .content("{\"title\":\"Never\"}")).andReturn();
            assertThat(bad.getResponse().getStatus()).as("If-Match: %s", ifMatch).isEqualTo(400);
            assertThat(body(bad).at("/errors/0/field").asText()).isEqualTo("If-Match");
        }
        assertThat(http.perform(as(tenant, delete(path)).header("If-Match", "nope")).andReturn()
                .getResponse().getStatus()).isEqualTo(400);
        assertThat(count(taskId)).isEqualTo(1);
    }

    /** Writers that collide run again on the newer task: every change lands, each as its own event. */
    @Test
    void concurrentPatchesWithoutIfMatchAllSucceedAndNoneIsLost() throws Exception {
        String taskId = newTask(tenant);
        String path = taskPath(tenant, taskId);

        List<MvcResult> results = concurrently(WRITERS, i -> as(tenant, patch(path))
                .content("{\"title\":\"Title " + i + "\"}"));

        assertThat(results).allSatisfy(result -> assertThat(result.getResponse().getStatus())
                .as(result.getResponse().getContentAsString()).isEqualTo(200));
        assertThat(results).extracting(result -> result.getResponse().getHeader("ETag"))
                .containsExactlyInAnyOrder(java.util.stream.LongStream.rangeClosed(1, WRITERS)
                        .mapToObj(version -> "\"" + version + "\"").toArray(String[]::new));
        assertThat(count(taskId)).isEqualTo(WRITERS + 1);
        List<String> titles = new java.util.ArrayList<>();
        for (long sequence = 1; sequence <= WRITERS; sequence++) {
            titles.add(payload(taskId, sequence).at("/to/title").asText());
        }
        assertThat(titles).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, WRITERS)
                .mapToObj(i -> "Title " + i).toArray(String[]::new));
    }

    @Test
    void concurrentPatchesWithTheSameIfMatchLeaveExactlyOneWinner() throws Exception {
        String taskId = newTask(tenant);
        String path = taskPath(tenant, taskId);

        List<MvcResult> results = concurrently(WRITERS, i -> as(tenant, patch(path)).header("If-Match", "\"0\"")
                .content("{\"title\":\"Title " + i + "\"}"));

        assertThat(results).extracting(result -> result.getResponse().getStatus())
                .containsOnly(200, 412).filteredOn(status -> status == 200).hasSize(1);
        assertThat(count(taskId)).isEqualTo(2);
    }

    // ---- Idempotency-Key -----------------------------------------------------------------------------------

    @Test
    void theSameKeyAndRequestAnswerTheSameAndWriteOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = "{\"title\":\"Once\",\"assigneeId\":\"" + tenant.colleagueId() + "\",\"priority\":\"HIGH\"}";
        // The same JSON, spaced and ordered differently.
        String same = "{ \"priority\" : \"HIGH\",\n \"assigneeId\":\"" + tenant.colleagueId() + "\", \"title\":\"Once\" }";

        MvcResult first = http.perform(as(tenant, post(tasksPath(tenant))).header("Idempotency-Key", key)
                .content(body)).andReturn();
        long events = count();
        MvcResult again = http.perform(as(tenant, post(tasksPath(tenant))).header("Idempotency-Key", key)
                .content(same)).andReturn();

        assertThat(first.getResponse().getStatus()).as(first.getResponse().getContentAsString()).isEqualTo(201);
        assertSameAnswer(again, first);
        assertThat(again.getResponse().getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.getResponse().getHeader("Idempotent-Replayed")).isNull();
        assertThat(count()).isEqualTo(events);

        // A PATCH too: its repeat does not write the change again (nor anything else).
        String path = first.getResponse().getHeader("Location");
        MvcResult patched = http.perform(as(tenant, patch(path)).header("Idempotency-Key", key + "-patch")
                .content("{\"status\":\"IN_PROGRESS\"}")).andReturn();
        MvcResult repeated = http.perform(as(tenant, patch(path)).header("Idempotency-Key", key + "-patch")
                .content("{\"status\":\"IN_PROGRESS\"}")).andReturn();
        assertThat(patched.getResponse().getStatus()).isEqualTo(200);
        assertSameAnswer(repeated, patched);
        assertThat(count(body(first).get("id").asText())).isEqualTo(2);
    }

    @Test
    void theSameKeyForAnotherRequestIs422AndWritesNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        MvcResult first = http.perform(as(tenant, post("/v1/accounts")).header("Idempotency-Key", key)
                .content("{\"name\":\"Initrode\"}")).andReturn();
        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        long events = count();

        List<MockHttpServletRequestBuilder> others = List.of(
                as(tenant, post("/v1/accounts")).content("{\"name\":\"Initrode 2\"}"),
                as(tenant, post(tasksPath(tenant))).content("{\"name\":\"Initrode\"}"),
                // Another user of the organization: a request of its own, and never answered with the first's.
                as(new Tenant(tenant.orgId(), tenant.colleagueId(), token(tenant.colleagueId(), tenant.orgId()),
                        tenant.accountId(), null), post("/v1/accounts")).content("{\"name\":\"Initrode\"}"));
        for (MockHttpServletRequestBuilder other : others) {
            MvcResult reused = http.perform(other.header("Idempotency-Key", key)).andReturn();
            assertThat(reused.getResponse().getStatus()).isEqualTo(422);
            assertThat(reused.getResponse().getContentType()).isEqualTo("application/problem+json");
            assertThat(body(reused).get("type").asText())
                    .isEqualTo("urn:account-tasks:problem:idempotency-key-reused");
        }
        assertThat(count()).isEqualTo(events);

        // Keys are per organization: another one may use the same key for anything.
        Tenant other = newTenant("Keyed");
        assertThat(http.perform(as(other, post("/v1/accounts")).header("Idempotency-Key", key)
                .content("{\"name\":\"Initrode 3\"}")).andReturn().getResponse().getStatus()).isEqualTo(201);
    }

    /**
     * The first request with a key is still writing (held up by a rival's uncommitted event of the task) when the
     * second arrives: the second waits on the key's row, then answers what the first stored. One write.
     */
    @Test
    void aRepeatWhileTheFirstRunsWaitsAndAnswersItsResult() throws Exception {
        String taskId = newTask(tenant);
        String key = UUID.randomUUID().toString();
        MockHttpServletRequestBuilder request = as(tenant, patch(taskPath(tenant, taskId)))
                .header("Idempotency-Key", key).content("{\"priority\":\"HIGH\"}");
        CompletableFuture<MvcResult> first;
        CompletableFuture<MvcResult> second;
        try (Connection rival = dataSource.getConnection()) {
            rival.setAutoCommit(false);
            appendRivalEvent(rival, taskId);
            first = CompletableFuture.supplyAsync(() -> perform(request));
            awaitLockWaits("insert into domainevententry%", 1);
            second = CompletableFuture.supplyAsync(() -> perform(request));
            awaitLockWaits("%insert into idempotency_keys%", 1);
            rival.rollback();
        }
        MvcResult one = first.get(20, TimeUnit.SECONDS);
        MvcResult two = second.get(20, TimeUnit.SECONDS);

        assertThat(one.getResponse().getStatus()).as(one.getResponse().getContentAsString()).isEqualTo(200);
        assertSameAnswer(two, one);
        assertThat(count(taskId)).isEqualTo(2);
    }

    /**
     * A change refused by a rule, sent with a key: its own 4xx, as without one (the key's transaction holds the
     * write's as a savepoint, which the refusal must roll back to, not past), nothing written and no key kept.
     */
    @Test
    void aChangeRefusedWithAKeyAnswersItsRefusalAndKeepsNoKey() throws Exception {
        String taskId = newTask(tenant);
        String path = taskPath(tenant, taskId);
        Map<String, Integer> refusals = new LinkedHashMap<>();
        refusals.put("{\"title\":\" \"}", 422);
        refusals.put("{\"outcome\":\"Done\"}", 422);
        refusals.put("{\"blockedBy\":[\"" + taskId + "\"]}", 422);
        for (Map.Entry<String, Integer> refusal : refusals.entrySet()) {
            MvcResult refused = http.perform(as(tenant, patch(path)).header("Idempotency-Key", UUID.randomUUID()
                    .toString()).content(refusal.getKey())).andReturn();
            assertThat(refused.getResponse().getStatus()).as(refusal.getKey() + " "
                    + refused.getResponse().getContentAsString()).isEqualTo(refusal.getValue());
        }
        MvcResult stale = http.perform(as(tenant, patch(path)).header("Idempotency-Key", UUID.randomUUID().toString())
                .header("If-Match", "\"7\"").content("{\"title\":\"Never\"}")).andReturn();
        assertThat(stale.getResponse().getStatus()).as(stale.getResponse().getContentAsString()).isEqualTo(412);
        MvcResult blankComment = http.perform(as(tenant, post(path + "/comments"))
                .header("Idempotency-Key", UUID.randomUUID().toString()).content("{\"text\":\" \"}")).andReturn();
        assertThat(blankComment.getResponse().getStatus()).isEqualTo(422);
        assertThat(count(taskId)).isEqualTo(1);
        assertThat(keysOf(tenant)).isZero();
    }

    /** The race of aConcurrentWriteOfTheSameTaskIsRetriedOnTheNewerTask, with a key: retried all the same. */
    @Test
    void aConcurrentWriteWithAKeyIsRetriedOnTheNewerTask() throws Exception {
        String taskId = newTask(tenant);

        MvcResult result = patchWhileARivalAppends(taskId, null, UUID.randomUUID().toString());

        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(count(taskId)).isEqualTo(3);
        assertThat(payload(taskId, 2).get("from").asText()).isEqualTo("MEDIUM");
        assertThat(keysOf(tenant)).isEqualTo(1);
    }

    @Test
    void aRejectedRequestKeepsNoKeySoTheCorrectedOneCanUseIt() throws Exception {
        String key = UUID.randomUUID().toString();
        MvcResult rejected = http.perform(as(tenant, post(tasksPath(tenant))).header("Idempotency-Key", key)
                .content("{\"title\":\"\",\"assigneeId\":\"" + tenant.colleagueId() + "\"}")).andReturn();
        assertThat(rejected.getResponse().getStatus()).isEqualTo(422);
        assertThat(keysOf(tenant)).isZero();

        MvcResult corrected = http.perform(as(tenant, post(tasksPath(tenant))).header("Idempotency-Key", key)
                .content("{\"title\":\"Fixed\",\"assigneeId\":\"" + tenant.colleagueId() + "\"}")).andReturn();
        assertThat(corrected.getResponse().getStatus()).as(corrected.getResponse().getContentAsString())
                .isEqualTo(201);
        assertThat(keysOf(tenant)).isEqualTo(1);
    }

    @Test
    void aKeyOlderThanTheRetentionIsNew() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = "{\"title\":\"Twice\",\"assigneeId\":\"" + tenant.colleagueId() + "\"}";
        MvcResult first = http.perform(as(tenant, post(tasksPath(tenant))).header("Idempotency-Key", key)
                .content(body)).andReturn();
        jdbc.update("update idempotency_keys set created_at = now() - interval '24 hours 1 second' "
                + "where organization_id = ?", tenant.orgId());

        MvcResult later = http.perform(as(tenant, post(tasksPath(tenant))).header("Idempotency-Key", key)
                .content(body)).andReturn();

        assertThat(later.getResponse().getStatus()).isEqualTo(201);
        assertThat(later.getResponse().getHeader("Idempotent-Replayed")).isNull();
        assertThat(body(later).get("id").asText()).isNotEqualTo(body(first).get("id").asText());
        assertThat(keysOf(tenant)).isEqualTo(1);
    }

    @Test
    void aMalformedKeyIs400AndWritesNothing() throws Exception {
        long events = count();
        for (String key : List.of("", "has space", "k".repeat(256), "caf\u00e9")) {
            MvcResult bad = http.perform(as(tenant, post("/v1/accounts")).header("Idempotency-Key", key)
                    .content("{\"name\":\"Never\"}")).andReturn();
            assertThat(bad.getResponse().getStatus()).as("key '%s'", key).isEqualTo(400);
            assertThat(body(bad).at("/errors/0/field").asText()).isEqualTo("Idempotency-Key");
        }
        assertThat(count()).isEqualTo(events);
        assertThat(http.perform(as(tenant, post("/v1/accounts")).header("Idempotency-Key", "k".repeat(255))
                .content("{\"name\":\"Long key\"}")).andReturn().getResponse().getStatus()).isEqualTo(201);
    }

    /** A new user's answer holds its API key: the repeat gives it again, the table does not hold it readably. */
    @Test
    void aRepeatedNewUserAnswersTheSameKeyWhichTheTableDoesNotShow() throws Exception {
        String key = UUID.randomUUID().toString();
        MockHttpServletRequestBuilder request = as(tenant, post("/v1/users")).header("Idempotency-Key", key)
                .content("{\"name\":\"Pat\",\"email\":\"pat@acme.test\"}");
        MvcResult first = http.perform(request).andReturn();
        MvcResult again = http.perform(request).andReturn();

        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        assertSameAnswer(again, first);
        String apiKey = body(first).get("apiKey").asText();
        assertThat(jdbc.queryForList("select encode(response_body, 'escape') || response_headers::text || key_hash "
                + "from idempotency_keys where organization_id = ?", String.class, tenant.orgId()))
                .hasSize(1).noneMatch(row -> row.contains(apiKey) || row.contains(key));
    }

    /**
     * A task created before TaskCreated became version 2 (its details nested) is stored as it was written, and
     * still loads: the upcaster gives the aggregate the current shape, and the task takes commands as before.
     */
    @Test
    void aTaskWhoseCreationIsStoredInTheOldShapeStillTakesCommands() throws Exception {
        String taskId = io.accounttasks.coreapi.task.TaskId.newId().value();
        jdbc.update("""
                insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                                              payload, payloadrevision, payloadtype, timestamp)
                values (?, 0, 'Task', ?, convert_to('{}', 'UTF8'), convert_to(?, 'UTF8'), null,
                        'io.accounttasks.coreapi.task.TaskEvents$TaskCreated', '2025-01-02T03:04:05Z')""",
                taskId, java.util.UUID.randomUUID().toString(), """
                {"taskId":"%s","organizationId":"%s","accountId":"%s","actorId":"%s",
                 "details":{"title":"Old shape","description":null,"activityId":null,
                            "attachmentUrls":["https://x.test/old"]},
                 "assigneeId":"%s","type":"FOLLOW_UP","status":"PENDING","priority":"LOW"}"""
                        .formatted(taskId, tenant.orgId(), tenant.accountId(), tenant.ownerId(), tenant.ownerId()));
        // Its row, as the task projection made it when the event was written (the write answers from it).
        taskProjector.on(new TaskCreated(new TaskId(taskId), new OrganizationId(tenant.orgId()),
                new AccountId(tenant.accountId()), new UserId(tenant.ownerId()),
                new TaskDetails("Old shape", null, null, List.of("https://x.test/old")), new UserId(tenant.ownerId()),
                TaskType.FOLLOW_UP, TaskStatus.PENDING, TaskPriority.LOW), Instant.parse("2025-01-02T03:04:05Z"), 0L);
        String path = taskPath(tenant, taskId);

        MvcResult result = http.perform(as(tenant, patch(path)).content("{\"title\":\"New title\"}")).andReturn();

        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        assertVersion(result, 1);
        // The change was decided against the old event's values, read in the new shape.
        assertThat(payload(taskId, 1).at("/from/title").asText()).isEqualTo("Old shape");
        assertThat(payload(taskId, 1).at("/to/attachmentUrls/0").asText()).isEqualTo("https://x.test/old");
    }

    /** Found by the hostile-input properties: the write used to run, and only its answer failed with 406. */
    @Test
    void aWriteWhoseAnswerTheClientCannotTakeIs406AndWritesNothing() throws Exception {
        long before = count();

        MvcResult result = http.perform(as(tenant, post("/v1/accounts/" + tenant.accountId() + "/tasks"))
                .accept(MediaType.TEXT_HTML)
                .content("{\"title\":\"Unseen\",\"assigneeId\":\"" + tenant.colleagueId() + "\"}")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(406);
        assertThat(count()).isEqualTo(before);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static final int WRITERS = 8;

    /**
     * A rival transaction appends the task's next event (LOW to MEDIUM) and holds it uncommitted while the PATCH
     * reads the task and tries to append the same sequence number; then the rival commits.
     */
    private MvcResult patchWhileARivalAppends(String taskId, String ifMatch) throws Exception {
        return patchWhileARivalAppends(taskId, ifMatch, null);
    }

    private MvcResult patchWhileARivalAppends(String taskId, String ifMatch, String idempotencyKey) throws Exception {
        MockHttpServletRequestBuilder request = as(tenant, patch(taskPath(tenant, taskId)))
                .content("{\"priority\":\"HIGH\"}");
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try (Connection rival = dataSource.getConnection()) {
            rival.setAutoCommit(false);
            appendRivalEvent(rival, taskId);
            CompletableFuture<MvcResult> patch = CompletableFuture.supplyAsync(() -> perform(request));
            // The PATCH has read the task (sequence 0) and now waits on the rival's uncommitted sequence 1.
            awaitLockWaits("insert into domainevententry%", 1);
            assertThat(patch).isNotDone();
            rival.commit();
            return patch.get(20, TimeUnit.SECONDS);
        }
    }

    private void appendRivalEvent(Connection rival, String taskId) throws Exception {
        try (PreparedStatement insert = rival.prepareStatement("insert into domainevententry "
                + "(aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload, payloadtype, "
                + "timestamp) values (?, 1, 'Task', ?, convert_to('{}', 'UTF8'), ?, "
                + "'io.accounttasks.coreapi.task.TaskEvents$TaskPriorityChanged', ?)")) {
            insert.setString(1, taskId);
            insert.setString(2, UUID.randomUUID().toString());
            insert.setBytes(3, ("{\"taskId\":\"" + taskId + "\",\"organizationId\":\"" + tenant.orgId()
                    + "\",\"accountId\":\"" + tenant.accountId() + "\",\"actorId\":\"" + tenant.ownerId()
                    + "\",\"from\":\"LOW\",\"to\":\"MEDIUM\"}").getBytes(StandardCharsets.UTF_8));
            insert.setString(4, Instant.now().toString());
            insert.executeUpdate();
        }
    }

    /** Until that many backends wait on a lock in a statement like the pattern. */
    private void awaitLockWaits(String statement, int waiting) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(10))
                .until(() -> jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
                        + "and query ilike ?", Integer.class, statement) >= waiting);
    }

    private void assertSameAnswer(MvcResult again, MvcResult first) throws Exception {
        assertThat(again.getResponse().getStatus()).as(again.getResponse().getContentAsString())
                .isEqualTo(first.getResponse().getStatus());
        assertThat(again.getResponse().getContentAsString()).isEqualTo(first.getResponse().getContentAsString());
        for (String header : List.of("Location", "ETag", "Content-Type")) {
            assertThat(again.getResponse().getHeader(header)).as(header)
                    .isEqualTo(first.getResponse().getHeader(header));
        }
    }

    private long keysOf(Tenant tenant) {
        return jdbc.queryForObject("select count(*) from idempotency_keys where organization_id = ?", Long.class,
                tenant.orgId());
    }

}
