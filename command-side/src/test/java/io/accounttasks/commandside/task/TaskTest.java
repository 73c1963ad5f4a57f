package io.accounttasks.commandside.task;

import io.accounttasks.commandside.PreconditionFailedException;
import io.accounttasks.commandside.organization.FakeDirectory;
import io.accounttasks.coreapi.ConflictException;
import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.ActivityId;
import io.accounttasks.coreapi.task.TaskCommands.ChangeTaskDetails;
import io.accounttasks.coreapi.task.TaskCommands.ChangeTaskPriority;
import io.accounttasks.coreapi.task.TaskCommands.ChangeTaskStatus;
import io.accounttasks.coreapi.task.TaskCommands.ChangeTaskType;
import io.accounttasks.coreapi.task.TaskCommands.CreateTask;
import io.accounttasks.coreapi.task.TaskCommands.DeleteTask;
import io.accounttasks.coreapi.task.TaskCommands.ReassignTask;
import io.accounttasks.coreapi.task.TaskCommands.RemoveTaskAttachment;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents.TaskAttachmentRemoved;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskDetailsChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskPriorityChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskReassigned;
import io.accounttasks.coreapi.task.TaskEvents.TaskStatusChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskTypeChanged;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.coreapi.user.UserId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.accounttasks.coreapi.task.TaskStatus.CANCELLED;
import static io.accounttasks.coreapi.task.TaskStatus.COMPLETED;
import static io.accounttasks.coreapi.task.TaskStatus.IN_PROGRESS;
import static io.accounttasks.coreapi.task.TaskStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;

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

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Task.class);
        fixture.registerInjectableResource(new FakeDirectory()
                .withAccount(org, account)
                .withAccount(org, otherAccount)
                .withAccount(otherOrg, AccountId.newId())
                .withUser(org, actor)
                .withUser(org, assignee)
                .withUser(org, colleague)
                .withUser(otherOrg, stranger));
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
        void everyPairIsEitherAllowedOrForbidden() {
            int allowed = 0;
            for (TaskStatus from : TaskStatus.values()) {
                allowed += TaskStatusMoves.allowedFrom(from).size();
                assertThat(TaskStatusMoves.allowedFrom(from)).doesNotContain(from);
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
            for (Object command : List.of(
                    new ChangeTaskDetails(taskId, org, account, actor, details),
                    new ReassignTask(taskId, org, account, actor, colleague),
                    new ChangeTaskStatus(taskId, org, account, actor, IN_PROGRESS),
                    new ChangeTaskPriority(taskId, org, account, actor, TaskPriority.HIGH),
                    new ChangeTaskType(taskId, org, account, actor, TaskType.REVIEW),
                    new RemoveTaskAttachment(taskId, org, account, actor, "https://files.acme.test/a.pdf"),
                    new DeleteTask(taskId, org, account, actor))) {
                fixture.given(created(PENDING), deleted)
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
        void aCurrentVersionAnyVersionOrNoneAnswersTheDetailsAndRecordsNothing() {
            for (String ifMatch : new String[] {"\"1\"", "1", "W/\"1\"", "\"0\", \"1\"", "*", null}) {
                fixture.given(created(PENDING), toMedium)
                        .when(new PrepareTaskWrite(taskId, org, account, IfMatch.parse(ifMatch)))
                        .expectSuccessfulHandlerExecution()
                        .expectResultMessagePayload(details)
                        .expectNoEvents();
            }
        }

        @Test
        void aStaleOrFutureVersionIsRefusedNamingTheCurrentOne() {
            for (String ifMatch : new String[] {"\"0\"", "\"2\"", "\"0\", \"7\""}) {
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
                            new DeleteTask(taskId, o, a, actor))) {
                        fixture.given(created(PENDING))
                                .when(command)
                                .expectNoEvents()
                                .expectException(NotFoundException.class)
                                .expectExceptionMessage("task " + taskId + " not found");
                    }
                }
            }
        }
    }
}
