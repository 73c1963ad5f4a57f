package io.accounttasks.commandside.task;

import io.accounttasks.commandside.PreconditionFailedException;
import io.accounttasks.commandside.organization.Directory;
import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskCommands;
import io.accounttasks.coreapi.task.TaskCommands.ChangeTaskDetails;
import io.accounttasks.coreapi.task.TaskCommands.ChangeTaskPriority;
import io.accounttasks.coreapi.task.TaskCommands.ChangeTaskStatus;
import io.accounttasks.coreapi.task.TaskCommands.ChangeTaskType;
import io.accounttasks.coreapi.task.TaskCommands.CreateTask;
import io.accounttasks.coreapi.task.TaskCommands.DeleteTask;
import io.accounttasks.coreapi.task.TaskCommands.ReassignTask;
import io.accounttasks.coreapi.task.TaskCommands.RemoveTaskAttachment;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents;
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
import io.accounttasks.coreapi.task.TaskState;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.coreapi.user.UserId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A task on a customer account: every rule about tasks is decided here, by the command handlers; the event
 * sourcing handlers only apply what was decided, through {@link TaskState}, the fold of task events that the
 * query side's history and time travel use too (so an audit view shows what this aggregate decided on).
 * <p>
 * A command for another organization's or another account's task, or for a deleted one, is answered exactly
 * like one for a task that never existed (NotFoundException), so nothing of another tenant leaks. A change to
 * the values the task already has records no event, and so keeps the task's version.
 */
@Aggregate
class Task {

    static final TaskType DEFAULT_TYPE = TaskType.FOLLOW_UP;
    static final TaskStatus DEFAULT_STATUS = TaskStatus.PENDING;
    static final TaskPriority DEFAULT_PRIORITY = TaskPriority.LOW;

    @AggregateIdentifier
    private TaskId taskId;
    /** The task after its events so far; only the event-sourcing handlers replace it. */
    private TaskState state;

    Task() {
        // for Axon, which rebuilds the task from its events
    }

    @CommandHandler
    Task(CreateTask command, Directory directory) {
        if (command.accountId() == null || !directory.hasAccount(command.organizationId(), command.accountId())) {
            throw new NotFoundException("account " + command.accountId() + " not found");
        }
        TaskDetails details = command.details() == null ? new TaskDetails(null, null, null, null) : command.details();
        List<FieldProblem> problems = new ArrayList<>();
        TaskContentRules.check(details, problems);
        checkAssignee(command.organizationId(), command.assigneeId(), directory, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        apply(new TaskCreated(command.taskId(), command.organizationId(), command.accountId(), command.actorId(),
                details, command.assigneeId(),
                Objects.requireNonNullElse(command.type(), DEFAULT_TYPE),
                Objects.requireNonNullElse(command.status(), DEFAULT_STATUS),
                Objects.requireNonNullElse(command.priority(), DEFAULT_PRIORITY)));
    }

    @CommandHandler
    void handle(ChangeTaskDetails command) {
        requireVisibleTo(command);
        TaskDetails to = command.details() == null ? new TaskDetails(null, null, null, null) : command.details();
        List<FieldProblem> problems = new ArrayList<>();
        TaskContentRules.check(to, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (!to.equals(state.details())) {
            apply(new TaskDetailsChanged(taskId, state.organizationId(), state.accountId(), command.actorId(),
                    state.details(), to));
        }
    }

    @CommandHandler
    void handle(ReassignTask command, Directory directory) {
        requireVisibleTo(command);
        if (Objects.equals(command.assigneeId(), state.assigneeId())) {
            return;
        }
        List<FieldProblem> problems = new ArrayList<>();
        checkAssignee(state.organizationId(), command.assigneeId(), directory, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        apply(new TaskReassigned(taskId, state.organizationId(), state.accountId(), command.actorId(),
                state.assigneeId(), command.assigneeId()));
    }

    @CommandHandler
    void handle(ChangeTaskStatus command) {
        requireVisibleTo(command);
        if (command.status() == null) {
            throw new InvalidInputException("status", "is required");
        }
        if (command.status() == state.status()) {
            return;
        }
        TaskStatusMoves.check(state.status(), command.status());
        apply(new TaskStatusChanged(taskId, state.organizationId(), state.accountId(), command.actorId(),
                state.status(), command.status()));
    }

    @CommandHandler
    void handle(ChangeTaskPriority command) {
        requireVisibleTo(command);
        if (command.priority() == null) {
            throw new InvalidInputException("priority", "is required");
        }
        if (command.priority() != state.priority()) {
            apply(new TaskPriorityChanged(taskId, state.organizationId(), state.accountId(), command.actorId(),
                    state.priority(), command.priority()));
        }
    }

    @CommandHandler
    void handle(ChangeTaskType command) {
        requireVisibleTo(command);
        if (command.type() == null) {
            throw new InvalidInputException("type", "is required");
        }
        if (command.type() != state.type()) {
            apply(new TaskTypeChanged(taskId, state.organizationId(), state.accountId(), command.actorId(),
                    state.type(), command.type()));
        }
    }

    /**
     * Removing a URL the task does not have answers 404: the attachment is addressed like a resource
     * ({@code DELETE .../attachments?url=}), and it is not there. What the removal does (every copy of the URL
     * goes) is TaskState's.
     */
    @CommandHandler
    void handle(RemoveTaskAttachment command) {
        requireVisibleTo(command);
        if (command.url() == null || !state.details().attachmentUrls().contains(command.url())) {
            throw new NotFoundException("task " + taskId + " has no attachment " + command.url());
        }
        apply(new TaskAttachmentRemoved(taskId, state.organizationId(), state.accountId(), command.actorId(),
                command.url()));
    }

    /** A soft delete: the task's events (its history) stay, but it answers no further command. */
    @CommandHandler
    void handle(DeleteTask command) {
        requireVisibleTo(command);
        apply(new TaskDeleted(taskId, state.organizationId(), state.accountId(), command.actorId()));
    }

    /**
     * Decided on the task as loaded in the write's unit of work, which every command of the write then shares: its
     * events take the sequence numbers right after this version, and the event store's unique (aggregate,
     * sequence) refuses them if another writer got there first. So the version checked here is the one written
     * on, with no separate read in between.
     */
    @CommandHandler
    TaskDetails handle(PrepareTaskWrite command) {
        requireVisibleTo(command.organizationId(), command.accountId());
        long version = AggregateLifecycle.getVersion();
        if (!command.ifMatch().matches(version)) {
            throw new PreconditionFailedException("task " + taskId + " is at version " + version
                    + " (ETag \"" + version + "\"), not " + command.ifMatch() + "; read it again", version);
        }
        return state.details();
    }

    private void requireVisibleTo(TaskCommands command) {
        requireVisibleTo(command.organizationId(), command.accountId());
    }

    private void requireVisibleTo(OrganizationId organizationId, AccountId accountId) {
        if (state.deleted() || !state.organizationId().equals(organizationId)
                || !state.accountId().equals(accountId)) {
            throw new NotFoundException("task " + taskId + " not found");
        }
    }

    private static void checkAssignee(OrganizationId organizationId, UserId assigneeId, Directory directory,
                                      List<FieldProblem> problems) {
        if (assigneeId == null) {
            problems.add(new FieldProblem("assigneeId", "is required"));
        } else if (!directory.hasUser(organizationId, assigneeId)) {
            problems.add(new FieldProblem("assigneeId", "no user " + assigneeId + " in this organization"));
        }
    }

    @EventSourcingHandler
    void on(TaskCreated event) {
        taskId = event.taskId();
        state = TaskState.of(event);
    }

    /** Every later event (Axon picks the TaskCreated handler above for its more specific type). */
    @EventSourcingHandler
    void on(TaskEvents event) {
        state = state.apply(event);
    }
}
