package io.accounttasks.commandside.task;

import io.accounttasks.commandside.PreconditionFailedException;
import io.accounttasks.commandside.organization.FakeDirectory;
import io.accounttasks.coreapi.ConflictException;
import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.coreapi.ForbiddenException;
import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.ActivityId;
import io.accounttasks.coreapi.task.CommentId;
import io.accounttasks.coreapi.task.TaskCommands.AddTaskComment;
import io.accounttasks.coreapi.task.TaskCommands.ChangeTaskBlockers;
import io.accounttasks.coreapi.task.TaskCommands.ChangeTaskDetails;
import io.accounttasks.coreapi.task.TaskCommands.ChangeTaskDueDate;
import io.accounttasks.coreapi.task.TaskCommands.ChangeTaskPriority;
import io.accounttasks.coreapi.task.TaskCommands.ChangeTaskStatus;
import io.accounttasks.coreapi.task.TaskCommands.ChangeTaskType;
import io.accounttasks.coreapi.task.TaskCommands.CreateTask;
import io.accounttasks.coreapi.task.TaskCommands.DeleteTask;
import io.accounttasks.coreapi.task.TaskCommands.DeleteTaskComment;
import io.accounttasks.coreapi.task.TaskCommands.EditTaskComment;
import io.accounttasks.coreapi.task.TaskCommands.ReassignTask;
import io.accounttasks.coreapi.task.TaskCommands.RemoveTaskAttachment;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents.TaskAttachmentRemoved;
import io.accounttasks.coreapi.task.TaskEvents.TaskBecameOverdue;
import io.accounttasks.coreapi.task.TaskEvents.TaskBlocked;
import io.accounttasks.coreapi.task.TaskEvents.TaskBlockersChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentAdded;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskCommentEdited;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskDetailsChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskDueDateChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskFollowUpCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskPriorityChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskReassigned;
import io.accounttasks.coreapi.task.TaskEvents.TaskStatusChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskTypeChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskUnblocked;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskState;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.coreapi.user.UserId;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.accounttasks.coreapi.task.TaskStatus.CANCELLED;
import static io.accounttasks.coreapi.task.TaskStatus.COMPLETED;
import static io.accounttasks.coreapi.task.TaskStatus.IN_PROGRESS;
import static io.accounttasks.coreapi.task.TaskStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Given events, when a command, expect events: every rule of a task. */
class TaskTest {

    private final OrganizationId org = OrganizationId.newId();
    private final AccountId account = AccountId.newId();
    private final UserId actor = UserId.newId();
    private final UserId assignee = UserId.newId();
    private final UserId colleague = UserId.newId();
    private final UserId stranger = UserId.newId();
    private final OrganizationId otherOrg = OrganizationId.newId();
    private final AccountId otherAccount = AccountId.newId();
    private final TaskId taskId = TaskId.newId();
    private final ActivityId activity = new ActivityId("ACT_01HFGZ6B7V4M2N8P5X3J9K1L7H");
    private final TaskDetails details = new TaskDetails("Call the customer", "About the renewal", activity,
            List.of("https://files.acme.test/a.pdf", "http://files.acme.test/b.png"));

    private AggregateTestFixture<Task> fixture;
    private final FakeTaskGraph graph = new FakeTaskGraph();

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    /** A fixture of its own for each scenario that schedules deadlines: its deadline manager keeps them. */
    private AggregateTestFixture<Task> newFixture() {
        AggregateTestFixture<Task> fixture = new AggregateTestFixture<>(Task.class);
        fixture.registerInjectableResource(graph);
        fixture.registerInjectableResource(new FakeDirectory()
                .withAccount(org, account)
                .withAccount(org, otherAccount)
                .withAccount(otherOrg, AccountId.newId())
                .withUser(org, actor)
                .withUser(org, assignee)
                .withUser(org, colleague)
                .withUser(otherOrg, stranger));
        return fixture;
    }

    private TaskCreated created(TaskStatus status) {
        return new TaskCreated(taskId, org, account, actor, details, assignee, TaskType.FOLLOW_UP, status,
                TaskPriority.LOW);
    }

    private CreateTask create(TaskDetails details, UserId assignee) {
        return new CreateTask(taskId, org, actor, account, details, assignee, null, null, null);
    }

    private static ResultValidator<Task> expectProblems(ResultValidator<Task> result, FieldProblem... problems) {
        return result.expectNoEvents().expectException(InvalidInputException.class)
                .expectExceptionMessage(new InvalidInputException(List.of(problems)).getMessage());
    }

    @Nested
    class Creating {

        @Test
        void aTaskTakesTheProductsDefaults() {
            fixture.givenNoPriorActivity()
                    .when(create(details, assignee))
                    .expectEvents(created(PENDING));
        }

        @Test
        void givenTypeStatusAndPriorityAreKept() {
            fixture.givenNoPriorActivity()
                    .when(new CreateTask(taskId, org, actor, account, details, assignee, TaskType.APPROVAL,
                            IN_PROGRESS, TaskPriority.HIGH))
                    .expectEvents(new TaskCreated(taskId, org, account, actor, details, assignee, TaskType.APPROVAL,
                            IN_PROGRESS, TaskPriority.HIGH));
        }

        @Test
        void onlyATitleIsNeededBesideTheAssignee() {
            TaskDetails minimal = new TaskDetails("t", null, null, null);
            fixture.givenNoPriorActivity()
                    .when(create(minimal, assignee))
                    .expectEvents(new TaskCreated(taskId, org, account, actor, minimal, assignee, TaskType.FOLLOW_UP,
                            PENDING, TaskPriority.LOW));
        }

        @Test
        void aTitleIsRequiredNotBlankAndAtMost255Characters() {
            expectProblems(fixture.givenNoPriorActivity().when(create(new TaskDetails(null, null, null, null),
                    assignee)), new FieldProblem("title", "is required"));
            expectProblems(fixture.givenNoPriorActivity().when(create(new TaskDetails("  \t", null, null, null),
                    assignee)), new FieldProblem("title", "must not be blank"));
            expectProblems(fixture.givenNoPriorActivity().when(create(new TaskDetails("x".repeat(256), null, null,
                    null), assignee)), new FieldProblem("title", "must be at most 255 characters"));
            fixture.givenNoPriorActivity().when(create(new TaskDetails("x".repeat(255), null, null, null), assignee))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void aDescriptionIsAtMost10000Characters() {
            expectProblems(fixture.givenNoPriorActivity().when(create(new TaskDetails("t", "d".repeat(10_001), null,
                    null), assignee)), new FieldProblem("description", "must be at most 10000 characters"));
            fixture.givenNoPriorActivity().when(create(new TaskDetails("t", "d".repeat(10_000), null, null),
                    assignee)).expectSuccessfulHandlerExecution();
        }

        @Test
        void atMost20AttachmentsEachAnAbsoluteHttpUrl() {
            List<String> twentyOne = new ArrayList<>(Collections.nCopies(21, "https://x.test/f"));
            expectProblems(fixture.givenNoPriorActivity().when(create(new TaskDetails("t", null, null, twentyOne),
                    assignee)), new FieldProblem("attachmentUrls", "must hold at most 20 URLs"));
            fixture.givenNoPriorActivity().when(create(new TaskDetails("t", null, null, twentyOne.subList(0, 20)),
                    assignee)).expectSuccessfulHandlerExecution();

            String url = "must be an absolute http or https URL";
            expectProblems(fixture.givenNoPriorActivity().when(create(new TaskDetails("t", null, null, List.of(
                            "https://ok.test/a", "ftp://files.test/a", "/relative/path", "https://", "",
                            "https://x.test/" + "p".repeat(2040), "http://bad host/", "HTTPS://OK.TEST/B")),
                            assignee)),
                    new FieldProblem("attachmentUrls[1]", url), new FieldProblem("attachmentUrls[2]", url),
                    new FieldProblem("attachmentUrls[3]", url), new FieldProblem("attachmentUrls[4]", url),
                    new FieldProblem("attachmentUrls[5]", "must be at most 2048 characters"),
                    new FieldProblem("attachmentUrls[6]", url));
        }

        @Test
        void everyProblemIsNamedInOneAnswer() {
            expectProblems(fixture.givenNoPriorActivity().when(create(new TaskDetails(" ", "d".repeat(10_001), null,
                            List.of("mailto:x@y.z")), null)),
                    new FieldProblem("title", "must not be blank"),
                    new FieldProblem("description", "must be at most 10000 characters"),
                    new FieldProblem("attachmentUrls[0]", "must be an absolute http or https URL"),
                    new FieldProblem("assigneeId", "is required"));
        }

        @Test
        void theAssigneeMustBeAUserOfTheCallersOrganization() {
            expectProblems(fixture.givenNoPriorActivity().when(create(details, stranger)),
                    new FieldProblem("assigneeId", "no user " + stranger + " in this organization"));
            UserId nobody = UserId.newId();
            expectProblems(fixture.givenNoPriorActivity().when(create(details, nobody)),
                    new FieldProblem("assigneeId", "no user " + nobody + " in this organization"));
        }

        @Test
        void theAccountMustExistInTheCallersOrganization() {
            fixture.givenNoPriorActivity()
                    .when(new CreateTask(taskId, org, actor, AccountId.newId(), details, assignee, null, null, null))
                    .expectException(NotFoundException.class)
                    .expectNoEvents();
            // An account of another organization is as unknown as one that does not exist.
            fixture.givenNoPriorActivity()
                    .when(new CreateTask(taskId, otherOrg, stranger, account, details, stranger, null, null, null))
                    .expectException(NotFoundException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class ChangingDetails {

        private final TaskDetails changed = new TaskDetails("Call again", null, null, List.of("https://x.test/c"));

        @Test
        void theWholeNewDetailsAreRecordedWithTheOldOnes() {
            fixture.given(created(PENDING))
                    .when(new ChangeTaskDetails(taskId, org, account, colleague, changed))
                    .expectEvents(new TaskDetailsChanged(taskId, org, account, colleague, details, changed));
        }

        @Test
        void theSameDetailsRecordNothing() {
            fixture.given(created(PENDING))
                    .when(new ChangeTaskDetails(taskId, org, account, colleague, new TaskDetails(details.title(),
                            details.description(), details.activityId(), details.attachmentUrls())))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void theNewDetailsFollowTheSameRules() {
            expectProblems(fixture.given(created(PENDING)).when(new ChangeTaskDetails(taskId, org, account, actor,
                            new TaskDetails("", null, null, List.of("nope")))),
                    new FieldProblem("title", "must not be blank"),
                    new FieldProblem("attachmentUrls[0]", "must be an absolute http or https URL"));
        }
    }

    @Nested
    class Reassigning {

        @Test
        void toAnotherUserOfTheOrganization() {
            fixture.given(created(PENDING))
                    .when(new ReassignTask(taskId, org, account, actor, colleague))
                    .expectEvents(new TaskReassigned(taskId, org, account, actor, assignee, colleague));
        }

        @Test
        void toTheSameAssigneeRecordsNothing() {
            fixture.given(created(PENDING))
                    .when(new ReassignTask(taskId, org, account, actor, assignee))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void notToAUserOfAnotherOrganizationOrToNobody() {
            expectProblems(fixture.given(created(PENDING)).when(new ReassignTask(taskId, org, account, actor,
                    stranger)), new FieldProblem("assigneeId", "no user " + stranger + " in this organization"));
            expectProblems(fixture.given(created(PENDING)).when(new ReassignTask(taskId, org, account, actor,
                    null)), new FieldProblem("assigneeId", "is required"));
        }
    }

    @Nested
    class MovingStatus {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "PENDING, IN_PROGRESS", "PENDING, COMPLETED", "PENDING, CANCELLED",
                "IN_PROGRESS, PENDING", "IN_PROGRESS, COMPLETED", "IN_PROGRESS, CANCELLED",
                "COMPLETED, IN_PROGRESS",
                "CANCELLED, PENDING"})
        void allowedMovesAreRecorded(TaskStatus from, TaskStatus to) {
            fixture.given(created(from))
                    .when(new ChangeTaskStatus(taskId, org, account, actor, to))
                    .expectEvents(new TaskStatusChanged(taskId, org, account, actor, from, to));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "COMPLETED, PENDING, IN_PROGRESS", "COMPLETED, CANCELLED, IN_PROGRESS",
                "CANCELLED, IN_PROGRESS, PENDING", "CANCELLED, COMPLETED, PENDING"})
        void forbiddenMovesAreConflictsNamingTheAllowedOnes(TaskStatus from, TaskStatus to, String allowed) {
            fixture.given(created(from))
                    .when(new ChangeTaskStatus(taskId, org, account, actor, to))
                    .expectNoEvents()
                    .expectException(ConflictException.class)
                    .expectExceptionMessage("a task cannot move from " + from + " to " + to + "; from " + from
                            + " it can move to " + allowed);
        }

        @Test
        void eightOfTheTwelveMovesAreAllowed() {
            int allowed = 0;
            for (TaskStatus from : TaskStatus.values()) {
                for (TaskStatus to : TaskStatus.values()) {
                    Throwable refused = catchThrowable(() -> TaskStatusMoves.check(from, to));
                    if (from == to) {
                        assertThat(refused).as("staying put at %s", from).isNull();
                    } else if (refused == null) {
                        allowed++;
                    } else {
                        assertThat(refused).isInstanceOf(ConflictException.class);
                    }
                }
            }
            assertThat(allowed).isEqualTo(8);
        }

        @Test
        void stayingPutRecordsNothing() {
            for (TaskStatus status : TaskStatus.values()) {
                fixture.given(created(status))
                        .when(new ChangeTaskStatus(taskId, org, account, actor, status))
                        .expectSuccessfulHandlerExecution()
                        .expectNoEvents();
            }
        }

        @Test
        void aStatusIsRequired() {
            expectProblems(fixture.given(created(PENDING)).when(new ChangeTaskStatus(taskId, org, account, actor,
                    null)), new FieldProblem("status", "is required"));
        }

        @Test
        void movesFollowTheCurrentStatusAfterEarlierMoves() {
            fixture.given(created(PENDING), new TaskStatusChanged(taskId, org, account, actor, PENDING, COMPLETED))
                    .when(new ChangeTaskStatus(taskId, org, account, actor, CANCELLED))
                    .expectException(ConflictException.class);
        }
    }

    @Nested
    class ChangingPriorityAndType {

        @Test
        void aNewPriorityIsRecordedTheSameOneIsNot() {
            fixture.given(created(PENDING))
                    .when(new ChangeTaskPriority(taskId, org, account, actor, TaskPriority.HIGH))
                    .expectEvents(new TaskPriorityChanged(taskId, org, account, actor, TaskPriority.LOW,
                            TaskPriority.HIGH));
            fixture.given(created(PENDING))
                    .when(new ChangeTaskPriority(taskId, org, account, actor, TaskPriority.LOW))
                    .expectNoEvents();
            expectProblems(fixture.given(created(PENDING)).when(new ChangeTaskPriority(taskId, org, account, actor,
                    null)), new FieldProblem("priority", "is required"));
        }

        @Test
        void aNewTypeIsRecordedTheSameOneIsNot() {
            fixture.given(created(PENDING))
                    .when(new ChangeTaskType(taskId, org, account, actor, TaskType.REVIEW))
                    .expectEvents(new TaskTypeChanged(taskId, org, account, actor, TaskType.FOLLOW_UP,
                            TaskType.REVIEW));
            fixture.given(created(PENDING))
                    .when(new ChangeTaskType(taskId, org, account, actor, TaskType.FOLLOW_UP))
                    .expectNoEvents();
            expectProblems(fixture.given(created(PENDING)).when(new ChangeTaskType(taskId, org, account, actor,
                    null)), new FieldProblem("type", "is required"));
        }
    }

    @Nested
    class RemovingAttachments {

        @Test
        void anAttachmentOfTheTaskIsRemoved() {
            fixture.given(created(PENDING))
                    .when(new RemoveTaskAttachment(taskId, org, account, actor, "http://files.acme.test/b.png"))
                    .expectEvents(new TaskAttachmentRemoved(taskId, org, account, actor,
                            "http://files.acme.test/b.png"));
        }

        @Test
        void aUrlTheTaskDoesNotHaveIsNotFound() {
            fixture.given(created(PENDING))
                    .when(new RemoveTaskAttachment(taskId, org, account, actor, "https://elsewhere.test/x"))
                    .expectNoEvents()
                    .expectException(NotFoundException.class);
        }

        @Test
        void aRemovedUrlIsGoneForTheNextCommand() {
            fixture.given(created(PENDING), new TaskAttachmentRemoved(taskId, org, account, actor,
                            "http://files.acme.test/b.png"))
                    .when(new RemoveTaskAttachment(taskId, org, account, actor, "http://files.acme.test/b.png"))
                    .expectException(NotFoundException.class);
            // ...and the details the next change starts from no longer hold it.
            TaskDetails without = new TaskDetails(details.title(), details.description(), details.activityId(),
                    List.of("https://files.acme.test/a.pdf"));
            fixture.given(created(PENDING), new TaskAttachmentRemoved(taskId, org, account, actor,
                            "http://files.acme.test/b.png"))
                    .when(new ChangeTaskDetails(taskId, org, account, actor, without))
                    .expectNoEvents();
        }
    }

    @Nested
    class Deleting {

        @Test
        void aTaskIsDeletedOnce() {
            fixture.given(created(PENDING))
                    .when(new DeleteTask(taskId, org, account, actor))
                    .expectEvents(new TaskDeleted(taskId, org, account, actor));
        }

        @Test
        void aDeletedTaskRefusesEveryCommandAsNotFound() {
            TaskDeleted deleted = new TaskDeleted(taskId, org, account, actor);
            CommentId comment = CommentId.newId();
            TaskCommentAdded commented = new TaskCommentAdded(taskId, org, account, actor, comment, "Hi");
            for (Object command : List.of(
                    new ChangeTaskDetails(taskId, org, account, actor, details),
                    new ReassignTask(taskId, org, account, actor, colleague),
                    new ChangeTaskStatus(taskId, org, account, actor, IN_PROGRESS),
                    new ChangeTaskPriority(taskId, org, account, actor, TaskPriority.HIGH),
                    new ChangeTaskType(taskId, org, account, actor, TaskType.REVIEW),
                    new RemoveTaskAttachment(taskId, org, account, actor, "https://files.acme.test/a.pdf"),
                    new ChangeTaskDueDate(taskId, org, account, actor, Instant.parse("2030-01-01T00:00:00Z")),
                    new ChangeTaskBlockers(taskId, org, account, actor, List.of()),
                    new RecordFollowUp(taskId, org, account, actor, TaskId.newId()),
                    new AddTaskComment(taskId, org, account, actor, CommentId.newId(), "Hello"),
                    new EditTaskComment(taskId, org, account, actor, comment, "Hello"),
                    new DeleteTaskComment(taskId, org, account, actor, comment),
                    new DeleteTask(taskId, org, account, actor))) {
                fixture.given(created(PENDING), commented, deleted)
                        .when(command)
                        .expectNoEvents()
                        .expectException(NotFoundException.class)
                        .expectExceptionMessage("task " + taskId + " not found");
            }
        }
    }

    /** PrepareTaskWrite, the first command of every change: visibility and the client's If-Match. */
    @Nested
    class Preconditions {

        private final TaskPriorityChanged toMedium = new TaskPriorityChanged(taskId, org, account, actor,
                TaskPriority.LOW, TaskPriority.MEDIUM);

        @Test
        void aCurrentVersionAnyVersionOrNoneAnswersTheTaskAndRecordsNothing() {
            for (String ifMatch : new String[] {"\"1\"", "1", "W/\"0\", \"1\"", "\"0\", \"1\"", "*", null}) {
                fixture.given(created(PENDING), toMedium)
                        .when(new PrepareTaskWrite(taskId, org, account, IfMatch.parse(ifMatch)))
                        .expectSuccessfulHandlerExecution()
                        .expectResultMessagePayload(TaskState.of(created(PENDING)).apply(toMedium))
                        .expectNoEvents();
            }
        }

        @Test
        void aStaleOrFutureVersionIsRefusedNamingTheCurrentOne() {
            for (String ifMatch : new String[] {"\"0\"", "\"2\"", "\"0\", \"7\"", "W/\"1\""}) {
                fixture.given(created(PENDING), toMedium)
                        .when(new PrepareTaskWrite(taskId, org, account, IfMatch.parse(ifMatch)))
                        .expectNoEvents()
                        .expectException(PreconditionFailedException.class)
                        .expectExceptionMessage("task " + taskId + " is at version 1 (ETag \"1\"), not "
                                + IfMatch.parse(ifMatch) + "; read it again");
            }
        }

        @Test
        void aDeletedOrAnotherTenantsTaskIsNotFoundWhateverTheIfMatch() {
            fixture.given(created(PENDING), new TaskDeleted(taskId, org, account, actor))
                    .when(new PrepareTaskWrite(taskId, org, account, IfMatch.parse("*")))
                    .expectException(NotFoundException.class);
            fixture.given(created(PENDING))
                    .when(new PrepareTaskWrite(taskId, otherOrg, account, IfMatch.parse("\"0\"")))
                    .expectException(NotFoundException.class);
        }
    }

    @Nested
    class Tenancy {

        @Test
        void anotherOrganizationsOrAnotherAccountsCommandFindsNoTask() {
            CommentId comment = CommentId.newId();
            TaskCommentAdded commented = new TaskCommentAdded(taskId, org, account, actor, comment, "Hi");
            for (OrganizationId o : List.of(org, otherOrg)) {
                for (AccountId a : List.of(account, otherAccount)) {
                    if (o.equals(org) && a.equals(account)) {
                        continue;
                    }
                    for (Object command : List.of(
                            new ChangeTaskDetails(taskId, o, a, actor, details),
                            new ReassignTask(taskId, o, a, actor, colleague),
                            new ChangeTaskStatus(taskId, o, a, actor, IN_PROGRESS),
                            new ChangeTaskPriority(taskId, o, a, actor, TaskPriority.HIGH),
                            new ChangeTaskType(taskId, o, a, actor, TaskType.REVIEW),
                            new RemoveTaskAttachment(taskId, o, a, actor, "https://files.acme.test/a.pdf"),
                            new ChangeTaskDueDate(taskId, o, a, actor, Instant.parse("2030-01-01T00:00:00Z")),
                            new ChangeTaskBlockers(taskId, o, a, actor, List.of()),
                            new RecordFollowUp(taskId, o, a, actor, TaskId.newId()),
                            new AddTaskComment(taskId, o, a, actor, CommentId.newId(), "Hello"),
                            new EditTaskComment(taskId, o, a, actor, comment, "Hello"),
                            new DeleteTaskComment(taskId, o, a, actor, comment),
                            new DeleteTask(taskId, o, a, actor))) {
                        fixture.given(created(PENDING), commented)
                                .when(command)
                                .expectNoEvents()
                                .expectException(NotFoundException.class)
                                .expectExceptionMessage("task " + taskId + " not found");
                    }
                }
            }
        }
    }

    // ---- the task workflow (docs/adr/0012) -------------------------------------------------------------------

    private final Instant now = Instant.parse("2030-01-01T09:00:00Z");
    private final Instant due = Instant.parse("2030-01-01T17:00:00Z");
    private final Instant later = Instant.parse("2030-01-02T17:00:00Z");

    private CreateTask create(TaskStatus status, Instant dueAt, List<TaskId> blockedBy) {
        return new CreateTask(taskId, org, actor, account, details, assignee, null, status, null, dueAt, blockedBy,
                null);
    }

    private TaskCreated created(TaskStatus status, Instant dueAt, List<TaskId> blockedBy) {
        return new TaskCreated(taskId, org, account, actor, details, assignee, TaskType.FOLLOW_UP, status,
                TaskPriority.LOW, dueAt, blockedBy, null);
    }

    /** The overdue deadline ids in the metadata of the events recorded, in order (null: the event has none). */
    private static Matcher<List<EventMessage<?>>> overdueDeadlineIds(Matcher<? super List<Object>> ids) {
        return new FeatureMatcher<List<EventMessage<?>>, List<Object>>(ids, "overdue deadline ids", "ids") {
            @Override
            protected List<Object> featureValueOf(List<EventMessage<?>> events) {
                return events.stream().map(event -> event.getMetaData().get(Task.OVERDUE_DEADLINE_ID)).toList();
            }
        };
    }

    private static Matcher<Object> aDeadlineId() {
        return allOf(instanceOf(String.class), not(equalTo("")));
    }

    @Nested
    class Deadlines {

        @Test
        void aTaskCreatedWithADueDateHasOneDeadlineAtItNamedInTheEventsMetadata() {
            fixture.givenCurrentTime(now)
                    .when(create(null, due, null))
                    .expectEvents(created(PENDING, due, List.of()))
                    .expectEventsMatching(overdueDeadlineIds(contains(aDeadlineId())))
                    .expectScheduledDeadline(due, new OverdueDeadline(due))
                    .expectScheduledDeadlineWithName(due, OverdueDeadline.NAME);
        }

        @Test
        void aTaskWithoutADueDateOrCreatedClosedHasNone() {
            fixture.givenCurrentTime(now)
                    .when(create(null, null, null))
                    .expectNoScheduledDeadlines()
                    .expectEventsMatching(overdueDeadlineIds(contains(nullValue())));
            fixture = newFixture();
            fixture.givenCurrentTime(now)
                    .when(create(COMPLETED, due, null))
                    .expectEvents(created(COMPLETED, due, List.of()))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void anOpenTaskBecomesOverdueWhenItsDeadlinePassesAndNotBefore() {
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, due, null))
                    .whenThenTimeAdvancesTo(due.minusMillis(1))
                    .expectNoEvents()
                    .expectScheduledDeadlineWithName(due, OverdueDeadline.NAME);
            fixture = newFixture();
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, due, null))
                    .whenThenTimeAdvancesTo(due)
                    .expectEvents(new TaskBecameOverdue(taskId, org, account, null, due))
                    .expectDeadlinesMet(new OverdueDeadline(due))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void aDeadlineThatFiredIsNotCancelledAgain() {
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, due, null))
                    .whenThenTimeAdvancesTo(due)
                    .expectEventsMatching(overdueDeadlineIds(contains(equalTo(""))));
        }

        @Test
        void aNewDateCancelsTheOldDeadlineAndSchedulesOneAtTheNewDate() {
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, due, null))
                    .when(new ChangeTaskDueDate(taskId, org, account, colleague, later))
                    .expectEvents(new TaskDueDateChanged(taskId, org, account, colleague, due, later))
                    .expectEventsMatching(overdueDeadlineIds(contains(aDeadlineId())))
                    .expectNoScheduledDeadlineWithName(due, OverdueDeadline.NAME)
                    .expectScheduledDeadline(later, new OverdueDeadline(later));
        }

        @Test
        void removingTheDateCancelsTheDeadline() {
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, due, null))
                    .when(new ChangeTaskDueDate(taskId, org, account, actor, null))
                    .expectEvents(new TaskDueDateChanged(taskId, org, account, actor, due, null))
                    .expectEventsMatching(overdueDeadlineIds(contains(equalTo(""))))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void theSameDateRecordsNothingAndKeepsTheDeadline() {
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, due, null))
                    .when(new ChangeTaskDueDate(taskId, org, account, actor, due))
                    .expectNoEvents()
                    .expectScheduledDeadlineWithName(due, OverdueDeadline.NAME);
        }

        @ParameterizedTest
        @CsvSource({"COMPLETED", "CANCELLED"})
        void closingCancelsTheDeadline(TaskStatus closed) {
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, due, null))
                    .when(new ChangeTaskStatus(taskId, org, account, actor, closed))
                    .expectEventsMatching(overdueDeadlineIds(contains(equalTo(""))))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void reopeningSchedulesItAgainAndAMoveBetweenOpenStatusesKeepsIt() {
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, due, null),
                            new ChangeTaskStatus(taskId, org, account, actor, COMPLETED))
                    .when(new ChangeTaskStatus(taskId, org, account, actor, IN_PROGRESS))
                    .expectEventsMatching(overdueDeadlineIds(contains(aDeadlineId())))
                    .expectScheduledDeadline(due, new OverdueDeadline(due));
            fixture = newFixture();
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, due, null))
                    .when(new ChangeTaskStatus(taskId, org, account, actor, IN_PROGRESS))
                    .expectEventsMatching(overdueDeadlineIds(contains(nullValue())))
                    .expectScheduledDeadlineWithName(due, OverdueDeadline.NAME);
        }

        @Test
        void aReopenedTaskWhoseDateHasPassedGoesOverdueAgain() {
            // The deadline fired, the task was completed; reopened, it is due again at once.
            fixture.givenCurrentTime(due.plusSeconds(60))
                    .andGiven(created(PENDING, due, List.of()),
                            new TaskBecameOverdue(taskId, org, account, null, due),
                            new TaskStatusChanged(taskId, org, account, actor, PENDING, COMPLETED))
                    .when(new ChangeTaskStatus(taskId, org, account, actor, IN_PROGRESS))
                    .expectScheduledDeadline(due, new OverdueDeadline(due));
        }

        @Test
        void aClosedTaskTakesANewDateWithoutADeadline() {
            fixture.givenCurrentTime(now)
                    .andGiven(created(CANCELLED, null, List.of()))
                    .when(new ChangeTaskDueDate(taskId, org, account, actor, due))
                    .expectEvents(new TaskDueDateChanged(taskId, org, account, actor, null, due))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void deletingCancelsTheDeadline() {
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, due, null))
                    .when(new DeleteTask(taskId, org, account, actor))
                    .expectEventsMatching(overdueDeadlineIds(contains(equalTo(""))))
                    .expectNoScheduledDeadlines();
            fixture = newFixture();
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, null, null))
                    .when(new DeleteTask(taskId, org, account, actor))
                    .expectEventsMatching(overdueDeadlineIds(contains(nullValue())));
        }

        /**
         * The id is found again in the metadata when the task is loaded for each command: here the one scheduled
         * by the date change is the one the completion cancels, two loads later, past an event without an id.
         */
        @Test
        void theDeadlinesIdSurvivesReloadingTheTask() {
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, due, null),
                            new ChangeTaskDueDate(taskId, org, account, actor, later),
                            new ChangeTaskStatus(taskId, org, account, actor, IN_PROGRESS),
                            new ChangeTaskPriority(taskId, org, account, actor, TaskPriority.HIGH))
                    .when(new ChangeTaskStatus(taskId, org, account, actor, COMPLETED))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void aDeadlineThatNoLongerFitsTheTaskChangesNothing() {
            // Due at another instant now (the change carried no cancellation: a deadline that slipped past one).
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, due, null))
                    .andGiven(new TaskDueDateChanged(taskId, org, account, actor, due, later))
                    .whenThenTimeAdvancesTo(due)
                    .expectDeadlinesMet(new OverdueDeadline(due))
                    .expectNoEvents();
            // Closed.
            fixture = newFixture();
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, due, null))
                    .andGiven(new TaskStatusChanged(taskId, org, account, actor, PENDING, COMPLETED))
                    .whenThenTimeAdvancesTo(due)
                    .expectDeadlinesMet(new OverdueDeadline(due))
                    .expectNoEvents();
            // Overdue already.
            fixture = newFixture();
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, due, null))
                    .andGiven(new TaskBecameOverdue(taskId, org, account, null, due))
                    .whenThenTimeAdvancesTo(due)
                    .expectNoEvents();
            // Deleted.
            fixture = newFixture();
            fixture.givenCurrentTime(now)
                    .andGivenCommands(create(null, due, null))
                    .andGiven(new TaskDeleted(taskId, org, account, actor))
                    .whenThenTimeAdvancesTo(due)
                    .expectNoEvents();
        }

        @Test
        void aDueDateLiesInTheYears1970To9999() {
            String years = "must be in the years 1970 to 9999 (UTC)";
            for (String bad : List.of("1969-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z", "0001-01-01T00:00:00Z")) {
                expectProblems(fixture.given(created(PENDING)).when(new ChangeTaskDueDate(taskId, org, account,
                        actor, Instant.parse(bad))), new FieldProblem("dueAt", years));
            }
            for (String good : List.of("1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z")) {
                fixture.given(created(PENDING))
                        .when(new ChangeTaskDueDate(taskId, org, account, actor, Instant.parse(good)))
                        .expectSuccessfulHandlerExecution();
            }
            expectProblems(fixture.givenNoPriorActivity().when(new CreateTask(taskId, org, actor, account,
                            new TaskDetails("", null, null, null), assignee, null, null, null,
                            Instant.parse("1900-01-01T00:00:00Z"), null, null)),
                    new FieldProblem("title", "must not be blank"), new FieldProblem("dueAt", years));
        }
    }

    @Nested
    class Blockers {

        private final TaskId open = TaskId.newId();
        private final TaskId alsoOpen = TaskId.newId();
        private final TaskId done = TaskId.newId();
        private final TaskId cancelled = TaskId.newId();

        @BeforeEach
        void theAccountsOtherTasks() {
            graph.with(open, org, account, PENDING)
                    .with(alsoOpen, org, account, IN_PROGRESS)
                    .with(done, org, account, COMPLETED)
                    .with(cancelled, org, account, CANCELLED);
        }

        @Test
        void aTaskCreatedWaitingForAnOpenTaskIsBlockedByTheOpenOnes() {
            fixture.givenNoPriorActivity()
                    .when(create(null, null, List.of(done, open, alsoOpen)))
                    .expectEvents(created(PENDING, null, List.of(done, open, alsoOpen)),
                            new TaskBlocked(taskId, org, account, actor, List.of(open, alsoOpen)));
            fixture.givenNoPriorActivity()
                    .when(create(null, null, List.of(done, cancelled)))
                    .expectEvents(created(PENDING, null, List.of(done, cancelled)));
            // Its blockers are read under the account's lock; nothing can wait for a new task, so no cycle check.
            assertThat(graph.asked).containsExactly("lock " + account, "tasks", "tasks",
                    "lock " + account, "tasks", "tasks");
        }

        @Test
        void eachBlockerIsAnotherTaskOfTheAccountListedOnce() {
            TaskId ofAnotherAccount = TaskId.newId();
            TaskId ofAnotherOrganization = TaskId.newId();
            TaskId deleted = TaskId.newId();
            TaskId unknown = TaskId.newId();
            graph.with(ofAnotherAccount, org, otherAccount, PENDING)
                    .with(ofAnotherOrganization, otherOrg, account, PENDING)
                    .with(deleted, org, account, PENDING).deleted(deleted);
            List<TaskId> blockers = new ArrayList<>(List.of(open, ofAnotherAccount, ofAnotherOrganization, deleted,
                    unknown, taskId, open));
            blockers.add(null);
            expectProblems(fixture.givenNoPriorActivity().when(create(null, null, blockers)),
                    new FieldProblem("blockedBy[1]", "no task " + ofAnotherAccount + " in this account"),
                    new FieldProblem("blockedBy[2]", "no task " + ofAnotherOrganization + " in this account"),
                    new FieldProblem("blockedBy[3]", "no task " + deleted + " in this account"),
                    new FieldProblem("blockedBy[4]", "no task " + unknown + " in this account"),
                    new FieldProblem("blockedBy[5]", "a task cannot wait for itself"),
                    new FieldProblem("blockedBy[6]", "task " + open + " is listed more than once"),
                    new FieldProblem("blockedBy[7]", "must be a task id"));
            expectProblems(fixture.given(created(PENDING)).when(new ChangeTaskBlockers(taskId, org, account, actor,
                    List.of(deleted, taskId))),
                    new FieldProblem("blockedBy[0]", "no task " + deleted + " in this account"),
                    new FieldProblem("blockedBy[1]", "a task cannot wait for itself"));
        }

        @Test
        void atMost50Blockers() {
            List<TaskId> fifty = new ArrayList<>();
            for (int i = 0; i < 51; i++) {
                TaskId blocker = TaskId.newId();
                graph.with(blocker, org, account, COMPLETED);
                fifty.add(blocker);
            }
            expectProblems(fixture.given(created(PENDING)).when(new ChangeTaskBlockers(taskId, org, account, actor,
                    fifty)), new FieldProblem("blockedBy", "must hold at most 50 tasks"));
            fixture.given(created(PENDING))
                    .when(new ChangeTaskBlockers(taskId, org, account, actor, fifty.subList(0, 50)))
                    .expectEvents(new TaskBlockersChanged(taskId, org, account, actor, List.of(),
                            fifty.subList(0, 50)));
        }

        @Test
        void newBlockersAreRecordedAndBlockTheTaskIfOneIsOpen() {
            fixture.given(created(PENDING))
                    .when(new ChangeTaskBlockers(taskId, org, account, colleague, List.of(done, open)))
                    .expectEvents(new TaskBlockersChanged(taskId, org, account, colleague, List.of(),
                                    List.of(done, open)),
                            new TaskBlocked(taskId, org, account, colleague, List.of(open)));
            // The account's lock first, then everything read of the blockers: their state, cycles, which are open.
            assertThat(graph.asked).containsExactly("lock " + account, "tasks", "cycles", "tasks");
        }

        @Test
        void aBlockedTaskStaysBlockedWhileAnyBlockerIsOpenAndIsFreedWhenNoneIs() {
            TaskCreated waiting = created(PENDING, null, List.of(open));
            TaskBlocked blocked = new TaskBlocked(taskId, org, account, actor, List.of(open));
            fixture.given(waiting, blocked)
                    .when(new ChangeTaskBlockers(taskId, org, account, actor, List.of(alsoOpen)))
                    .expectEvents(new TaskBlockersChanged(taskId, org, account, actor, List.of(open),
                            List.of(alsoOpen)));
            fixture.given(waiting, blocked)
                    .when(new ChangeTaskBlockers(taskId, org, account, actor, List.of(done)))
                    .expectEvents(new TaskBlockersChanged(taskId, org, account, actor, List.of(open), List.of(done)),
                            new TaskUnblocked(taskId, org, account, actor, null));
            fixture.given(waiting, blocked)
                    .when(new ChangeTaskBlockers(taskId, org, account, actor, List.of()))
                    .expectEvents(new TaskBlockersChanged(taskId, org, account, actor, List.of(open), List.of()),
                            new TaskUnblocked(taskId, org, account, actor, null));
        }

        @Test
        void theSameBlockersRecordNothingAndAreNotCheckedAgain() {
            graph.deleted(open);
            fixture.given(created(PENDING, null, List.of(open, done)))
                    .when(new ChangeTaskBlockers(taskId, org, account, actor, List.of(open, done)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
            assertThat(graph.asked).isEmpty();
        }

        @Test
        void aBlockerThatWaitsForTheTaskDirectlyOrNotWouldMakeACycle() {
            TaskId direct = TaskId.newId();
            TaskId indirect = TaskId.newId();
            TaskId between = TaskId.newId();
            graph.with(direct, org, account, PENDING).waits(direct, taskId)
                    .with(indirect, org, account, PENDING).waits(indirect, done, between)
                    .with(between, org, account, COMPLETED).waits(between, taskId);
            String cycle = ", directly or through other tasks: they would wait for each other for ever";
            expectProblems(fixture.given(created(PENDING)).when(new ChangeTaskBlockers(taskId, org, account, actor,
                            List.of(open, direct, indirect))),
                    new FieldProblem("blockedBy[1]", "task " + direct + " already waits for task " + taskId + cycle),
                    new FieldProblem("blockedBy[2]", "task " + indirect + " already waits for task " + taskId
                            + cycle));
            // The cycles are looked for under the account's lock (TaskGraph#lock).
            assertThat(graph.asked).containsExactly("lock " + account, "tasks", "cycles");
        }

        @Test
        void aDeletedTaskBreaksAChainOfWaiting() {
            TaskId waits = TaskId.newId();
            TaskId gone = TaskId.newId();
            graph.with(waits, org, account, PENDING).waits(waits, gone)
                    .with(gone, org, account, PENDING).waits(gone, taskId).deleted(gone);
            fixture.given(created(PENDING))
                    .when(new ChangeTaskBlockers(taskId, org, account, actor, List.of(waits)))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void aTaskIsNotCompletedWhileABlockerIsOpen() {
            fixture.given(created(PENDING, null, List.of(done, open, alsoOpen)),
                            new TaskBlocked(taskId, org, account, actor, List.of(open, alsoOpen)))
                    .when(new ChangeTaskStatus(taskId, org, account, actor, COMPLETED))
                    .expectNoEvents()
                    .expectException(openBlockers(List.of(open.value(), alsoOpen.value())))
                    .expectExceptionMessage("task " + taskId + " cannot be COMPLETED while it waits for open tasks: "
                            + open + " (PENDING), " + alsoOpen + " (IN_PROGRESS); complete or cancel them, or "
                            + "remove them from blockedBy");
            // ...nor created COMPLETED; cancelling is another matter.
            fixture.givenNoPriorActivity()
                    .when(create(COMPLETED, null, List.of(open)))
                    .expectException(openBlockers(List.of(open.value())));
            fixture.given(created(PENDING, null, List.of(open)))
                    .when(new ChangeTaskStatus(taskId, org, account, actor, CANCELLED))
                    .expectEvents(new TaskStatusChanged(taskId, org, account, actor, PENDING, CANCELLED));
            fixture.given(created(PENDING, null, List.of(done, cancelled)))
                    .when(new ChangeTaskStatus(taskId, org, account, actor, COMPLETED))
                    .expectEvents(new TaskStatusChanged(taskId, org, account, actor, PENDING, COMPLETED));
        }

        private Matcher<ConflictException> openBlockers(List<String> ids) {
            return new FeatureMatcher<ConflictException, Object>(equalTo(Map.of("openBlockers", ids)),
                    "a conflict with properties", "properties") {
                @Override
                protected Object featureValueOf(ConflictException conflict) {
                    return conflict.properties();
                }
            };
        }

        /**
         * A close, a reopening or the deletion of an open task takes the account's lock in the command handler,
         * before anything is appended (TaskGraph#lock); a move between open statuses, or deleting a closed task,
         * frees or blocks nobody and takes none.
         */
        @Test
        void closingReopeningOrDeletingAnOpenTaskTakesTheAccountsLock() {
            TaskStatusChanged completed = new TaskStatusChanged(taskId, org, account, actor, PENDING, COMPLETED);
            fixture.given(created(PENDING)).when(new ChangeTaskStatus(taskId, org, account, actor, COMPLETED))
                    .expectEvents(completed);
            fixture.given(created(PENDING), completed)
                    .when(new ChangeTaskStatus(taskId, org, account, actor, IN_PROGRESS))
                    .expectEvents(new TaskStatusChanged(taskId, org, account, actor, COMPLETED, IN_PROGRESS));
            fixture.given(created(PENDING)).when(new DeleteTask(taskId, org, account, actor))
                    .expectEvents(new TaskDeleted(taskId, org, account, actor));
            assertThat(graph.asked).containsExactly("lock " + account, "lock " + account, "lock " + account);

            graph.asked.clear();
            fixture.given(created(PENDING)).when(new ChangeTaskStatus(taskId, org, account, actor, IN_PROGRESS))
                    .expectEvents(new TaskStatusChanged(taskId, org, account, actor, PENDING, IN_PROGRESS));
            fixture.given(created(PENDING), completed).when(new DeleteTask(taskId, org, account, actor))
                    .expectEvents(new TaskDeleted(taskId, org, account, actor));
            assertThat(graph.asked).isEmpty();
        }

        @Test
        void aClosedBlockerFreesTheTaskWhenItWasTheLastOpenOne() {
            TaskCreated waiting = created(PENDING, null, List.of(open, alsoOpen));
            TaskBlocked blocked = new TaskBlocked(taskId, org, account, actor, List.of(open, alsoOpen));
            graph.status(open, COMPLETED);
            fixture.given(waiting, blocked)
                    .when(new ReconsiderBlockers(taskId, open, colleague))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
            graph.status(alsoOpen, CANCELLED);
            fixture.given(waiting, blocked)
                    .when(new ReconsiderBlockers(taskId, alsoOpen, colleague))
                    .expectEvents(new TaskUnblocked(taskId, org, account, colleague, alsoOpen));
            // Sent again, it changes nothing.
            fixture.given(waiting, blocked, new TaskUnblocked(taskId, org, account, colleague, alsoOpen))
                    .when(new ReconsiderBlockers(taskId, alsoOpen, colleague))
                    .expectNoEvents();
        }

        @Test
        void aReopenedBlockerBlocksTheTaskAgain() {
            graph.status(done, IN_PROGRESS);
            fixture.given(created(PENDING, null, List.of(done, cancelled)))
                    .when(new ReconsiderBlockers(taskId, done, colleague))
                    .expectEvents(new TaskBlocked(taskId, org, account, colleague, List.of(done)));
        }

        @Test
        void aDeletedTaskIgnoresIt() {
            graph.status(open, COMPLETED);
            fixture.given(created(PENDING, null, List.of(open)), new TaskBlocked(taskId, org, account, actor,
                            List.of(open)), new TaskDeleted(taskId, org, account, actor))
                    .when(new ReconsiderBlockers(taskId, open, colleague))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Nested
    class Outcomes {

        @Test
        void anOutcomeRidesOnTheCompletion() {
            fixture.given(created(IN_PROGRESS))
                    .when(new ChangeTaskStatus(taskId, org, account, actor, COMPLETED, "Renewed for two years"))
                    .expectEvents(new TaskStatusChanged(taskId, org, account, actor, IN_PROGRESS, COMPLETED,
                            "Renewed for two years"));
        }

        @Test
        void onlyOnAMoveToCompleted() {
            String only = "may only be sent with \"status\": \"COMPLETED\"";
            expectProblems(fixture.given(created(PENDING)).when(new ChangeTaskStatus(taskId, org, account, actor,
                    CANCELLED, "Nope")), new FieldProblem("outcome", only));
            expectProblems(fixture.given(created(PENDING)).when(new ChangeTaskStatus(taskId, org, account, actor,
                    null, "Nope")), new FieldProblem("outcome", only));
            fixture.given(created(COMPLETED))
                    .when(new ChangeTaskStatus(taskId, org, account, actor, COMPLETED, "Again"))
                    .expectNoEvents()
                    .expectException(ConflictException.class)
                    .expectExceptionMessage("task " + taskId + " is already COMPLETED, with the outcome it was "
                            + "completed with; reopen it (status IN_PROGRESS) to complete it again with another");
        }

        @Test
        void notBlank() {
            for (String blank : new String[] {"", "   ", "\n\t"}) {
                expectProblems(fixture.given(created(PENDING)).when(new ChangeTaskStatus(taskId, org, account, actor,
                                COMPLETED, blank)),
                        new FieldProblem("outcome", "must not be blank; leave it out to complete without one"));
            }
        }

        @Test
        void atMost10000Characters() {
            expectProblems(fixture.given(created(PENDING)).when(new ChangeTaskStatus(taskId, org, account, actor,
                            COMPLETED, "\uD83D\uDE00".repeat(10_001))),
                    new FieldProblem("outcome", "must be at most 10000 characters"));
            fixture.given(created(PENDING))
                    .when(new ChangeTaskStatus(taskId, org, account, actor, COMPLETED, "\uD83D\uDE00".repeat(10_000)))
                    .expectSuccessfulHandlerExecution();
        }
    }

    @Nested
    class FollowingUp {

        @Test
        void aFollowUpNamesItsOriginalAndTheOriginalRecordsIt() {
            TaskId followUp = TaskId.newId();
            fixture.givenNoPriorActivity()
                    .when(new CreateTask(taskId, org, actor, account, details, assignee, null, null, null, null,
                            null, followUp))
                    .expectEvents(new TaskCreated(taskId, org, account, actor, details, assignee, TaskType.FOLLOW_UP,
                            PENDING, TaskPriority.LOW, null, List.of(), followUp));
            fixture.given(created(COMPLETED))
                    .when(new RecordFollowUp(taskId, org, account, colleague, followUp))
                    .expectEvents(new TaskFollowUpCreated(taskId, org, account, colleague, followUp));
        }

        @Test
        void theDefaultsComeFromTheOriginalAndTheRequestOverridesThem() throws Exception {
            TaskState original = TaskState.of(new TaskCreated(taskId, org, account, actor,
                    new TaskDetails("t".repeat(250), "About it", activity, List.of("https://x.test/a")), assignee,
                    TaskType.REVIEW, COMPLETED, TaskPriority.HIGH, due, List.of(TaskId.newId()), null));
            TaskId followUp = TaskId.newId();

            CreateTask defaults = FollowUps.create(followUp, org, colleague,
                    original, new TaskRequests.FollowUpRequest());
            assertThat(defaults).isEqualTo(new CreateTask(followUp, org, colleague, account, new TaskDetails(
                    ("Follow-up: " + "t".repeat(250)).substring(0, 255), "About it", activity,
                    List.of("https://x.test/a")), assignee, TaskType.FOLLOW_UP, PENDING, TaskPriority.HIGH, null,
                    List.of(), taskId));

            TaskRequests.FollowUpRequest request = new TaskRequests.FollowUpRequest();
            request.setTitle("Call back");
            request.setDescription(null);
            request.setAssigneeId(colleague);
            request.setDueAt("2030-01-01T18:00:00+01:00");
            request.setBlockedBy(List.of(taskId));
            request.check(new ArrayList<>());
            CreateTask overridden = FollowUps.create(followUp, org, colleague,
                    original, request);
            assertThat(overridden.details()).isEqualTo(new TaskDetails("Call back", null, activity,
                    List.of("https://x.test/a")));
            assertThat(overridden.assigneeId()).isEqualTo(colleague);
            assertThat(overridden.dueAt()).isEqualTo(due);
            assertThat(overridden.blockedBy()).containsExactly(taskId);
        }

        @Test
        void aTitleOfSurrogatePairsIsCutBetweenThem() {
            TaskState original = TaskState.of(new TaskCreated(taskId, org, account, actor,
                    new TaskDetails("\uD83D\uDE00".repeat(255), null, null, null), assignee, TaskType.REVIEW,
                    PENDING, TaskPriority.LOW));
            String title = FollowUps.create(TaskId.newId(), org, actor, original,
                    new TaskRequests.FollowUpRequest()).details().title();
            assertThat(title.codePointCount(0, title.length())).isEqualTo(255);
            assertThat(title).startsWith("Follow-up: \uD83D\uDE00").endsWith("\uD83D\uDE00");
        }
    }

    @Nested
    class Comments {

        private final CommentId comment = CommentId.newId();
        private final TaskCommentAdded added = new TaskCommentAdded(taskId, org, account, colleague, comment, "Hi");

        @Test
        void anyoneWhoSeesTheTaskComments() {
            fixture.given(created(COMPLETED))
                    .when(new AddTaskComment(taskId, org, account, colleague, comment, "Called, no answer"))
                    .expectEvents(new TaskCommentAdded(taskId, org, account, colleague, comment,
                            "Called, no answer"));
        }

        @Test
        void aTextIsRequiredNotBlankAndAtMost10000Characters() {
            expectProblems(fixture.given(created(PENDING)).when(new AddTaskComment(taskId, org, account, actor,
                    comment, null)), new FieldProblem("text", "is required"));
            expectProblems(fixture.given(created(PENDING)).when(new AddTaskComment(taskId, org, account, actor,
                    comment, " \n")), new FieldProblem("text", "must not be blank"));
            expectProblems(fixture.given(created(PENDING)).when(new AddTaskComment(taskId, org, account, actor,
                    comment, "c".repeat(10_001))), new FieldProblem("text", "must be at most 10000 characters"));
            expectProblems(fixture.given(created(PENDING), added).when(new EditTaskComment(taskId, org, account,
                    colleague, comment, "")), new FieldProblem("text", "must not be blank"));
            fixture.given(created(PENDING))
                    .when(new AddTaskComment(taskId, org, account, actor, comment, "c".repeat(10_000)))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void itsAuthorEditsAndDeletesIt() {
            fixture.given(created(PENDING), added)
                    .when(new EditTaskComment(taskId, org, account, colleague, comment, "Hello"))
                    .expectEvents(new TaskCommentEdited(taskId, org, account, colleague, comment, "Hi", "Hello"));
            fixture.given(created(PENDING), added)
                    .when(new EditTaskComment(taskId, org, account, colleague, comment, "Hi"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
            fixture.given(created(PENDING), added)
                    .when(new DeleteTaskComment(taskId, org, account, colleague, comment))
                    .expectEvents(new TaskCommentDeleted(taskId, org, account, colleague, comment));
        }

        @Test
        void nobodyElse() {
            for (Object command : List.of(new EditTaskComment(taskId, org, account, actor, comment, "Mine now"),
                    new DeleteTaskComment(taskId, org, account, actor, comment))) {
                fixture.given(created(PENDING), added)
                        .when(command)
                        .expectNoEvents()
                        .expectException(ForbiddenException.class)
                        .expectExceptionMessage("only the author of comment " + comment + " may edit or delete it");
            }
        }

        @Test
        void anUnknownOrDeletedCommentIsNotFound() {
            TaskCommentDeleted deleted = new TaskCommentDeleted(taskId, org, account, colleague, comment);
            CommentId unknown = CommentId.newId();
            for (Object command : List.of(new EditTaskComment(taskId, org, account, colleague, comment, "Back"),
                    new DeleteTaskComment(taskId, org, account, colleague, comment),
                    new EditTaskComment(taskId, org, account, colleague, unknown, "Back"),
                    new DeleteTaskComment(taskId, org, account, colleague, unknown))) {
                fixture.given(created(PENDING), added, deleted)
                        .when(command)
                        .expectNoEvents()
                        .expectException(NotFoundException.class);
            }
        }

        @Test
        void aTaskHoldsAtMost1000CommentsDeletedOnesIncluded() {
            List<Object> history = new ArrayList<>(List.of(created(PENDING)));
            for (int i = 0; i < 999; i++) {
                CommentId id = CommentId.newId();
                history.add(new TaskCommentAdded(taskId, org, account, actor, id, "Comment " + i));
                if (i % 2 == 0) {
                    history.add(new TaskCommentDeleted(taskId, org, account, actor, id));
                }
            }
            fixture.given(history)
                    .when(new AddTaskComment(taskId, org, account, actor, comment, "The last one"))
                    .expectSuccessfulHandlerExecution();
            history.add(new TaskCommentAdded(taskId, org, account, actor, CommentId.newId(), "The last one"));
            fixture.given(history)
                    .when(new AddTaskComment(taskId, org, account, actor, comment, "One too many"))
                    .expectNoEvents()
                    .expectException(ConflictException.class)
                    .expectExceptionMessage("task " + taskId + " has 1000 comments (deleted ones included), the "
                            + "most a task can hold; continue in a follow-up task");
        }
    }
}
