package io.accounttasks.e2e;

import io.accounttasks.client.ApiClient;
import io.accounttasks.client.ApiException;
import io.accounttasks.client.api.AccountsApi;
import io.accounttasks.client.api.EventsApi;
import io.accounttasks.client.api.TaskWorkflowApi;
import io.accounttasks.client.api.TasksApi;
import io.accounttasks.client.auth.ApiKeyAuth;
import io.accounttasks.client.auth.HttpBearerAuth;
import io.accounttasks.client.model.ConflictProblem;
import io.accounttasks.client.model.FeedEvent;
import io.accounttasks.client.model.HistoryEntry;
import io.accounttasks.client.model.InvalidInputProblem;
import io.accounttasks.client.model.NewAccount;
import io.accounttasks.client.model.NewTask;
import io.accounttasks.client.model.Problem;
import io.accounttasks.client.model.Task;
import io.accounttasks.client.model.TaskChanges;
import io.accounttasks.client.model.TaskPage;
import io.accounttasks.client.model.TaskPriority;
import io.accounttasks.client.model.TaskStatus;
import io.accounttasks.client.model.TaskType;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.RunningSystem;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The public document as a consumer uses it: a Java client generated from it at build time with openapi-generator's
 * defaults (e2e-tests/pom.xml) runs the product document's core flow through the gateway. Its models refuse any field
 * the document does not describe, so an answer that drifts from the document fails here.
 */
@EndToEnd
class GeneratedClientTest {

    private static final List<URI> ATTACHMENTS = List.of(
            URI.create("https://storage.thena.ai/documents/api-requirements-draft.pdf"),
            URI.create("https://storage.thena.ai/documents/integration-architecture.pdf"));

    private static Tenant owner;
    private static ApiClient client;
    private static TasksApi tasks;
    private static String accountId;

    @BeforeAll
    static void client() throws ApiException {
        owner = Fixtures.bootstrapOrganization("generated-client");
        client = new ApiClient();
        client.setBasePath(RunningSystem.get().gateway().toString());
        ((HttpBearerAuth) client.getAuthentication("bearerAuth")).setBearerToken(owner.token());
        ((ApiKeyAuth) client.getAuthentication("apiKey")).setApiKey(owner.apiKey());
        ((ApiKeyAuth) client.getAuthentication("organizationId")).setApiKey(owner.orgId());
        tasks = new TasksApi(client);
        accountId = new AccountsApi(client).createAccount(
                new NewAccount().name(Fixtures.unique("Acme Corp")).primaryDomain("acme.example"), null).getId();
    }

    private static Task sampleTask() throws ApiException {
        return tasks.createTask(accountId, new NewTask()
                .title("Schedule technical deep dive for API integration")
                .assigneeId(owner.userId())
                .activityId("ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H")
                .description("Organize technical deep dive session with Acme Corp engineering team")
                .type(TaskType.FOLLOW_UP).status(TaskStatus.PENDING).priority(TaskPriority.HIGH)
                .attachmentUrls(ATTACHMENTS), null);
    }

    @Test
    void theCoreFlowRunsThroughAGeneratedClient() throws Exception {
        Task created = sampleTask();
        assertThat(created.getVersion()).isZero();
        assertThat(created.getAttachmentUrls()).containsExactlyElementsOf(ATTACHMENTS);
        OffsetDateTime afterCreate = created.getCreatedAt();

        Task read = tasks.getTask(accountId, created.getId(), null);
        assertThat(read).isEqualTo(created);

        TaskPage page = tasks.listTasks(accountId, List.of(TaskStatus.PENDING.getValue()),
                List.of(TaskPriority.HIGH.getValue(), TaskPriority.MEDIUM.getValue()), null, null, null, null, null, null, "-updatedAt",
                null, 1, 20);
        assertThat(page.getData()).extracting(Task::getId).contains(created.getId());

        // Only what the caller set changes: the attachments and blockers the model never set stay as they are.
        Task patched = tasks.updateTask(accountId, created.getId(), new TaskChanges().status(TaskStatus.IN_PROGRESS)
                .priority(TaskPriority.MEDIUM), null, null);
        assertThat(patched.getVersion()).isEqualTo(2);
        assertThat(patched.getStatus()).isEqualTo(TaskStatus.IN_PROGRESS);
        assertThat(patched.getPriority()).isEqualTo(TaskPriority.MEDIUM);
        assertThat(patched.getAttachmentUrls()).containsExactlyElementsOf(ATTACHMENTS);
        assertThat(patched.getTitle()).isEqualTo(created.getTitle());

        Task oneAttachment = tasks.removeTaskAttachment(accountId, created.getId(), ATTACHMENTS.get(1), null);
        assertThat(oneAttachment.getAttachmentUrls()).containsExactly(ATTACHMENTS.get(0));

        List<HistoryEntry> history = new TaskWorkflowApi(client).getTaskHistory(accountId, created.getId());
        assertThat(history).extracting(HistoryEntry::getType)
                .containsExactly("TaskCreated", "TaskPriorityChanged", "TaskStatusChanged", "TaskAttachmentRemoved");

        Task asCreated = tasks.getTask(accountId, created.getId(), afterCreate);
        assertThat(asCreated.getPriority()).isEqualTo(TaskPriority.HIGH);
        assertThat(asCreated.getAttachmentUrls()).hasSize(2);

        List<FeedEvent> feed = new EventsApi(client).listEvents(0L, 100).getData();
        assertThat(feed).filteredOn(event -> created.getId().equals(event.getAggregateId()))
                .extracting(FeedEvent::getType).startsWith("TaskCreated");

        tasks.deleteTask(accountId, created.getId(), null);
        Problem gone = problem(404, () -> tasks.getTask(accountId, created.getId(), null), Problem.class);
        assertThat(gone.getStatus()).isEqualTo(404);
    }

    @Test
    void everyErrorKindDeserializesIntoItsModel() throws Exception {
        Task task = sampleTask();

        InvalidInputProblem invalid = problem(422, () -> tasks.createTask(accountId,
                new NewTask().title(" ").assigneeId(owner.userId()).type(TaskType.FOLLOW_UP)
                        .status(TaskStatus.PENDING).priority(TaskPriority.HIGH), null), InvalidInputProblem.class);
        assertThat(invalid.getErrors()).isNotEmpty();

        Problem stale = problem(412, () -> tasks.updateTask(accountId, task.getId(),
                new TaskChanges().priority(TaskPriority.LOW), "\"7\"", null), Problem.class);
        assertThat(stale.getDetail()).contains("version 0");

        // A cancelled task is revived to PENDING, never completed (docs/adr/0003).
        tasks.updateTask(accountId, task.getId(), new TaskChanges().status(TaskStatus.CANCELLED), null, null);
        ConflictProblem conflict = problem(409, () -> tasks.updateTask(accountId, task.getId(),
                new TaskChanges().status(TaskStatus.COMPLETED), null, null), ConflictProblem.class);
        assertThat(conflict.getStatus()).isEqualTo(409);

        Problem missing = problem(404, () -> tasks.getTask(accountId, "01HFGZ6B7V4M2N8P5X3J9K1L7H", null),
                Problem.class);
        assertThat(missing.getStatus()).isEqualTo(404);

        ApiClient stranger = new ApiClient().setBasePath(client.getBasePath());
        Problem unauthorized = problem(401, () -> new TasksApi(stranger).getTask(accountId, task.getId(), null),
                Problem.class);
        assertThat(unauthorized.getStatus()).isEqualTo(401);
    }

    /** The call fails with that status, and its body reads as that problem model (which checks every field). */
    private static <P> P problem(int status, Executable call, Class<P> model) throws Exception {
        ApiException failure = catchThrowableOfType(ApiException.class, call::execute);
        assertThat(failure).as("the call answers %d", status).isNotNull();
        assertThat(failure.getCode()).as(failure.getResponseBody()).isEqualTo(status);
        return model.cast(model.getMethod("fromJson", String.class).invoke(null, failure.getResponseBody()));
    }
}
