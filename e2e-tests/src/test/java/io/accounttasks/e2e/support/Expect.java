package io.accounttasks.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on the contract's shapes. */
public final class Expect {

    public static final List<String> TASK_FIELDS = List.of("id", "accountId", "account", "title", "description",
            "assigneeId", "activityId", "type", "status", "priority", "attachmentUrls", "dueAt", "overdue", "blockedBy",
            "blocked", "outcome", "followUpOf", "followUps", "creator", "creatorId", "creatorEmail", "isActive",
            "createdAt", "updatedAt", "deletedAt", "version");

    /** A task's id: a bare ULID. */
    public static final String TASK_ID = "[0-7][0-9A-HJKMNP-TV-Z]{25}";

    private Expect() {
    }

    /** An RFC 9457 problem with one of these statuses: type, title, status (the response's), detail. */
    public static JsonNode problem(Api.Response response, Integer... statuses) {
        assertThat(response.status()).as("status of %s", response).isIn((Object[]) statuses);
        assertThat(response.contentType()).as("content type of %s", response).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.isObject()).as("problem body of %s", response).isTrue();
        assertThat(problem.path("type").isTextual()).as("problem type of %s", response).isTrue();
        assertThat(problem.path("type").asText()).as("problem type of %s", response).isNotBlank();
        assertThat(problem.path("title").isTextual()).as("problem title of %s", response).isTrue();
        assertThat(problem.path("status").asInt()).as("problem status of %s", response).isEqualTo(response.status());
        assertThat(problem.path("detail").isTextual()).as("problem detail of %s", response).isTrue();
        return problem;
    }

    /** A problem naming fields: errors[{field, message}], at least one; if a field is given, one starts with it. */
    public static JsonNode fieldProblem(Api.Response response, String field, Integer... statuses) {
        JsonNode problem = problem(response, statuses);
        JsonNode errors = problem.path("errors");
        assertThat(errors.isArray() && !errors.isEmpty()).as("errors[] of %s", response).isTrue();
        List<String> fields = new ArrayList<>();
        for (JsonNode error : errors) {
            assertThat(error.path("field").isTextual()).as("errors[].field of %s", response).isTrue();
            assertThat(error.path("message").isTextual()).as("errors[].message of %s", response).isTrue();
            fields.add(error.path("field").asText());
        }
        if (field != null) {
            assertThat(fields).as("fields named by %s", response).anySatisfy(f -> assertThat(f).startsWith(field));
        }
        return problem;
    }

    public static JsonNode invalidInput(Api.Response response, String field) {
        return fieldProblem(response, field, 400, 422);
    }

    /** Every field of a task as API.md lists it, with the right JSON kinds. */
    public static void taskShape(JsonNode task) {
        assertThat(fieldNames(task)).as("fields of %s", task).containsAll(TASK_FIELDS);
        assertThat(task.path("id").asText()).matches(TASK_ID);
        assertThat(task.path("accountId").asText()).startsWith("ACC_");
        assertThat(task.path("account").isTextual()).as("account of %s", task).isTrue();
        assertThat(task.path("assigneeId").asText()).startsWith("USR_");
        assertThat(task.path("creatorId").asText()).startsWith("USR_");
        assertThat(task.path("attachmentUrls").isArray()).as("attachmentUrls of %s", task).isTrue();
        assertThat(task.path("isActive").isBoolean()).as("isActive of %s", task).isTrue();
        // The workflow's fields (docs/API.md, "The task workflow").
        assertThat(task.path("overdue").isBoolean()).as("overdue of %s", task).isTrue();
        assertThat(task.path("blocked").isBoolean()).as("blocked of %s", task).isTrue();
        assertThat(task.path("blockedBy").isArray()).as("blockedBy of %s", task).isTrue();
        assertThat(task.path("followUps").isArray()).as("followUps of %s", task).isTrue();
        if (!task.path("dueAt").isNull()) {
            timestamp(task.path("dueAt"));
        }
        assertThat(task.path("version").isIntegralNumber()).as("version of %s", task).isTrue();
        timestamp(task.path("createdAt"));
        timestamp(task.path("updatedAt"));
        if (!task.path("deletedAt").isNull()) {
            timestamp(task.path("deletedAt"));
        }
    }

    /**
     * ISO-8601 with an offset, as every answer writes it (docs/API.md): UTC with exactly three fractional digits,
     * so that equal instants are equal strings and the strings sort as the instants do.
     */
    public static OffsetDateTime timestamp(JsonNode value) {
        assertThat(value.isTextual()).as("timestamp %s", value).isTrue();
        assertThat(value.asText()).as("timestamp in UTC to the millisecond")
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        return OffsetDateTime.parse(value.asText());
    }

    public static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    public static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.asText()));
        return values;
    }

    /** The ids of a list answer's data, in order. */
    public static List<String> ids(Api.Response list) {
        List<String> ids = new ArrayList<>();
        list.json().path("data").forEach(task -> ids.add(task.path("id").asText()));
        return ids;
    }

    /** A list of something answered either as a bare array or as {"data": [...]}. */
    public static JsonNode items(Api.Response response) {
        JsonNode body = response.json();
        return body.isArray() ? body : body.path("data");
    }

    public static String etagOf(long version) {
        return "\"" + version + "\"";
    }

    @SafeVarargs
    public static <T> List<T> listOf(T... values) {
        return Arrays.asList(values);
    }
}
