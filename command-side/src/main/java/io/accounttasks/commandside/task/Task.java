package io.accounttasks.commandside.task;

import io.accounttasks.commandside.PreconditionFailedException;
import io.accounttasks.commandside.organization.Directory;
import io.accounttasks.coreapi.ConflictException;
import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.coreapi.ForbiddenException;
import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.CommentId;
import io.accounttasks.coreapi.task.TaskCommands;
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
import io.accounttasks.coreapi.task.TaskComment;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskEvents;
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
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A task on a customer account: every rule about tasks is decided here, by the command handlers; the event
 * sourcing handlers only apply what was decided, through {@link TaskState}, the fold of task events that the
 * query side's history and time travel use too (so an audit view shows what this aggregate decided on).
 * <p>
 * A command for another organization's or another account's task, or for a deleted one, is answered exactly
 * like one for a task that never existed (NotFoundException), so nothing of another tenant leaks. A change to
 * the values the task already has records no event, and so keeps the task's version.
 * <p>
 * What reaches beyond the task's own events comes in as handler parameters: the {@link Directory} (accounts and
 * users), the {@link TaskGraph} (the other tasks, for blockers) and Axon's {@link DeadlineManager}, which keeps
 * the deadline after which an open task records TaskBecameOverdue (docs/adr/0012).
 */
@Aggregate
class Task {

    static final TaskType DEFAULT_TYPE = TaskType.FOLLOW_UP;
    static final TaskStatus DEFAULT_STATUS = TaskStatus.PENDING;
    static final TaskPriority DEFAULT_PRIORITY = TaskPriority.LOW;
    static final int MAX_BLOCKERS = 50;
    /** Deleted ones included: the task is loaded with all of them, and this bounds that (docs/adr/0012). */
    static final int MAX_COMMENTS = 1_000;
    /** The metadata entry of an event that scheduled or cancelled the overdue deadline: its id, "" for none. */
    static final String OVERDUE_DEADLINE_ID = "overdueDeadlineId";

    @AggregateIdentifier
    private TaskId taskId;
    /** The task after its events so far; only the event-sourcing handlers replace it. */
    private TaskState state;
    /**
     * The overdue deadline scheduled for the task, "" for none: Axon makes its id up, and it is needed to cancel
     * it. It is our scheduler's, not the task's, so it is in no event's payload and not in TaskState: the event
     * that scheduled or cancelled the deadline carries it in its metadata, where the event-sourcing handlers find
     * it when the task is loaded.
     */
    private String overdueDeadlineId = "";

    Task() {
        // for Axon, which rebuilds the task from its events
    }

    /**
     * No cycle check: nothing can wait for a task that does not exist yet. A task created as COMPLETED is held to
     * the rule of a completion: none of its blockers may be open.
     */
    @CommandHandler
    Task(CreateTask command, Directory directory, TaskGraph graph, DeadlineManager deadlines) {
        Directory.Presence present = directory.presence(command.organizationId(), command.accountId(),
                command.assigneeId());
        if (!present.account()) {
            throw new NotFoundException("account " + command.accountId() + " not found");
        }
        TaskDetails details = command.details() == null ? new TaskDetails(null, null, null, null) : command.details();
        List<TaskId> blockers = command.blockedBy() == null ? List.of() : command.blockedBy();
        List<FieldProblem> problems = new ArrayList<>();
        TaskContentRules.check(details, problems);
        checkAssignee(command.assigneeId(), present.user(), problems);
        TaskContentRules.checkDueAt(command.dueAt(), problems);
        checkBlockers(command.taskId(), command.organizationId(), command.accountId(), blockers, graph, false,
                problems);
        throwIfAny(problems);
        TaskStatus status = Objects.requireNonNullElse(command.status(), DEFAULT_STATUS);
        if (status == TaskStatus.COMPLETED) {
            refuseCompletionWhileBlocked(command.taskId(), blockers, graph);
        }
        apply(new TaskCreated(command.taskId(), command.organizationId(), command.accountId(), command.actorId(),
                        details, command.assigneeId(), Objects.requireNonNullElse(command.type(), DEFAULT_TYPE),
                        status, Objects.requireNonNullElse(command.priority(), DEFAULT_PRIORITY), command.dueAt(),
                        blockers, command.followUpOf()),
                rescheduleOverdue(status.isOpen(), command.dueAt(), deadlines))
                // In a constructor Axon applies events once it returns: the state is there only from here on.
                .andThen(() -> reconsiderBlocked(command.actorId(), null, graph));
    }

    @CommandHandler
    void handle(ChangeTaskDetails command) {
        requireVisibleTo(command);
        TaskDetails to = command.details() == null ? new TaskDetails(null, null, null, null) : command.details();
        List<FieldProblem> problems = new ArrayList<>();
        TaskContentRules.check(to, problems);
        throwIfAny(problems);
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
        checkAssignee(command.assigneeId(),
                command.assigneeId() != null && directory.hasUser(state.organizationId(), command.assigneeId()),
                problems);
        throwIfAny(problems);
        apply(new TaskReassigned(taskId, state.organizationId(), state.accountId(), command.actorId(),
                state.assigneeId(), command.assigneeId()));
    }

    /**
     * An outcome rides on a move to COMPLETED and on nothing else; a completed task keeps the one it was completed
     * with (409), until it is reopened, which clears it. Closing cancels the task's deadline and reopening
     * schedules it again: a reopened task whose date has passed goes overdue once more.
     */
    @CommandHandler
    void handle(ChangeTaskStatus command, TaskGraph graph, DeadlineManager deadlines) {
        requireVisibleTo(command);
        List<FieldProblem> problems = new ArrayList<>();
        if (command.outcome() != null && command.status() != TaskStatus.COMPLETED) {
            problems.add(new FieldProblem("outcome", "may only be sent with \"status\": \"COMPLETED\""));
        } else if (command.status() == null) {
            problems.add(new FieldProblem("status", "is required"));
        }
        TaskContentRules.checkOutcome(command.outcome(), problems);
        throwIfAny(problems);
        TaskStatus from = state.status();
        TaskStatus to = command.status();
        if (to == from) {
            if (command.outcome() != null) {
                throw new ConflictException("task " + taskId + " is already COMPLETED, with the outcome it was "
                        + "completed with; reopen it (status IN_PROGRESS) to complete it again with another");
            }
            return;
        }
        TaskStatusMoves.check(from, to);
        if (to == TaskStatus.COMPLETED) {
            refuseCompletionWhileBlocked(taskId, state.blockedBy(), graph);
        }
        if (from.isOpen() != to.isOpen()) {
            // The tasks waiting for this one are looked for under the account's lock (TaskGraph#lock). TaskWrites
            // took it before loading this task (asked for only now, it could deadlock); here it states the rule.
            graph.lock(state.accountId());
        }
        MetaData deadline = from.isOpen() == to.isOpen()
                ? MetaData.emptyInstance()
                : rescheduleOverdue(to.isOpen(), state.dueAt(), deadlines);
        apply(new TaskStatusChanged(taskId, state.organizationId(), state.accountId(), command.actorId(), from, to,
                command.outcome()), deadline);
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

    /** A closed task keeps its date but has no deadline: it is scheduled when the task is reopened. */
    @CommandHandler
    void handle(ChangeTaskDueDate command, DeadlineManager deadlines) {
        requireVisibleTo(command);
        List<FieldProblem> problems = new ArrayList<>();
        TaskContentRules.checkDueAt(command.dueAt(), problems);
        throwIfAny(problems);
        if (Objects.equals(command.dueAt(), state.dueAt())) {
            return;
        }
        MetaData deadline = state.isOpen()
                ? rescheduleOverdue(true, command.dueAt(), deadlines)
                : MetaData.emptyInstance();
        apply(new TaskDueDateChanged(taskId, state.organizationId(), state.accountId(), command.actorId(),
                state.dueAt(), command.dueAt()), deadline);
    }

    /** The same blockers again record nothing and are not checked again (one of them may have been deleted since). */
    @CommandHandler
    void handle(ChangeTaskBlockers command, TaskGraph graph) {
        requireVisibleTo(command);
        List<TaskId> to = command.blockedBy() == null ? List.of() : command.blockedBy();
        if (to.equals(state.blockedBy())) {
            return;
        }
        List<FieldProblem> problems = new ArrayList<>();
        checkBlockers(taskId, state.organizationId(), state.accountId(), to, graph, true, problems);
        throwIfAny(problems);
        apply(new TaskBlockersChanged(taskId, state.organizationId(), state.accountId(), command.actorId(),
                state.blockedBy(), to));
        reconsiderBlocked(command.actorId(), null, graph);
    }

    /** Idempotent, and a deleted task just ignores it: it comes from the graph, not from a client. */
    @CommandHandler
    void handle(ReconsiderBlockers command, TaskGraph graph) {
        if (!state.deleted()) {
            reconsiderBlocked(command.actorId(), command.cause(), graph);
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

    @CommandHandler
    void handle(RecordFollowUp command) {
        requireVisibleTo(command.organizationId(), command.accountId());
        apply(new TaskFollowUpCreated(taskId, state.organizationId(), state.accountId(), command.actorId(),
                command.followUpId()));
    }

    /** Every comment counts toward the limit, deleted ones too: their events stay in the task. */
    @CommandHandler
    void handle(AddTaskComment command) {
        requireVisibleTo(command);
        List<FieldProblem> problems = new ArrayList<>();
        TaskContentRules.checkCommentText(command.text(), problems);
        throwIfAny(problems);
        if (state.comments().size() >= MAX_COMMENTS) {
            throw new ConflictException("task " + taskId + " has " + MAX_COMMENTS + " comments (deleted ones "
                    + "included), the most a task can hold; continue in a follow-up task");
        }
        if (command.commentId() == null || state.comments().containsKey(command.commentId())) {
            throw new IllegalArgumentException("comment id " + command.commentId() + " is not a new one");
        }
        apply(new TaskCommentAdded(taskId, state.organizationId(), state.accountId(), command.actorId(),
                command.commentId(), command.text()));
    }

    @CommandHandler
    void handle(EditTaskComment command) {
        requireVisibleTo(command);
        TaskComment comment = commentOfItsAuthor(command.commentId(), command.actorId());
        List<FieldProblem> problems = new ArrayList<>();
        TaskContentRules.checkCommentText(command.text(), problems);
        throwIfAny(problems);
        if (!command.text().equals(comment.text())) {
            apply(new TaskCommentEdited(taskId, state.organizationId(), state.accountId(), command.actorId(),
                    comment.id(), comment.text(), command.text()));
        }
    }

    @CommandHandler
    void handle(DeleteTaskComment command) {
        requireVisibleTo(command);
        TaskComment comment = commentOfItsAuthor(command.commentId(), command.actorId());
        apply(new TaskCommentDeleted(taskId, state.organizationId(), state.accountId(), command.actorId(),
                comment.id()));
    }

    /**
     * A soft delete: the task's events (its history) stay, but it answers no further command, and its deadline
     * goes.
     */
    @CommandHandler
    void handle(DeleteTask command, TaskGraph graph, DeadlineManager deadlines) {
        requireVisibleTo(command);
        if (state.status().isOpen()) {
            graph.lock(state.accountId()); // as for a close (see ChangeTaskStatus)
        }
        apply(new TaskDeleted(taskId, state.organizationId(), state.accountId(), command.actorId()),
                rescheduleOverdue(false, null, deadlines));
    }

    /**
     * Decided on the task as loaded in the write's unit of work, which every command of the write then shares: its
     * events take the sequence numbers right after this version, and the event store's unique (aggregate,
     * sequence) refuses them if another writer got there first. So the version checked here is the one written
     * on, with no separate read in between. Answers the task as it is, for a partial change to merge into.
     */
    @CommandHandler
    TaskState handle(PrepareTaskWrite command) {
        requireVisibleTo(command.organizationId(), command.accountId());
        long version = AggregateLifecycle.getVersion();
        if (!command.ifMatch().matches(version)) {
            throw new PreconditionFailedException("task " + taskId + " is at version " + version
                    + " (ETag \"" + version + "\"), not " + command.ifMatch() + "; read it again", version);
        }
        return state;
    }

    /**
     * The task is still open and not overdue, and due at the very instant this deadline was scheduled for;
     * otherwise the deadline slipped past a change that cancelled it, and it changes nothing. The deadline has
     * then fired: the event says so in its metadata, so that no later change tries to cancel it while db-scheduler
     * may still be finishing it.
     */
    @DeadlineHandler(deadlineName = OverdueDeadline.NAME)
    void on(OverdueDeadline deadline) {
        if (state.isOpen() && !state.overdue() && deadline.dueAt().equals(state.dueAt())) {
            apply(new TaskBecameOverdue(taskId, state.organizationId(), state.accountId(), null, deadline.dueAt()),
                    MetaData.with(OVERDUE_DEADLINE_ID, ""));
        }
    }

    /**
     * Cancels the task's deadline, if it has one, and schedules the one it needs after the event about to be
     * applied (open, with a date), if any; answers the metadata to apply that event with, which names the deadline
     * now scheduled ("" for none), or nothing if there was none and there will be none. The deadline manager does
     * both when the command's unit of work commits, in the write's transaction (docs/adr/0012).
     */
    private MetaData rescheduleOverdue(boolean open, Instant dueAt, DeadlineManager deadlines) {
        boolean hadOne = !overdueDeadlineId.isEmpty();
        if (hadOne) {
            deadlines.cancelSchedule(OverdueDeadline.NAME, overdueDeadlineId);
        }
        String scheduled = open && dueAt != null
                ? deadlines.schedule(dueAt, OverdueDeadline.NAME, new OverdueDeadline(dueAt))
                : "";
        return hadOne || !scheduled.isEmpty()
                ? MetaData.with(OVERDUE_DEADLINE_ID, scheduled)
                : MetaData.emptyInstance();
    }

    /**
     * Whether the task waits for an open task, recorded when that changed: TaskBlocked naming the open blockers,
     * or TaskUnblocked naming the blocker whose closing freed it ({@code cause}; null when the task's own blockers
     * were changed).
     */
    private void reconsiderBlocked(UserId actorId, TaskId cause, TaskGraph graph) {
        List<TaskId> open = List.copyOf(openBlockers(state.blockedBy(), graph).keySet());
        if (!open.isEmpty() && !state.blocked()) {
            apply(new TaskBlocked(taskId, state.organizationId(), state.accountId(), actorId, open));
        } else if (open.isEmpty() && state.blocked()) {
            apply(new TaskUnblocked(taskId, state.organizationId(), state.accountId(), actorId, cause));
        }
    }

    /** 409 naming each open blocker with its status; the ids also as a list of their own, {@code openBlockers}. */
    private static void refuseCompletionWhileBlocked(TaskId taskId, List<TaskId> blockers, TaskGraph graph) {
        Map<TaskId, TaskGraph.Node> open = openBlockers(blockers, graph);
        if (!open.isEmpty()) {
            throw new ConflictException("task " + taskId + " cannot be COMPLETED while it waits for open tasks: "
                    + open.values().stream().map(node -> node.taskId() + " (" + node.status() + ")")
                    .collect(Collectors.joining(", "))
                    + "; complete or cancel them, or remove them from blockedBy",
                    Map.of("openBlockers", open.keySet().stream().map(TaskId::value).toList()));
        }
    }

    /** The blockers that are open, in the order the task lists them. */
    private static Map<TaskId, TaskGraph.Node> openBlockers(List<TaskId> blockers, TaskGraph graph) {
        if (blockers.isEmpty()) {
            return Map.of();
        }
        Map<TaskId, TaskGraph.Node> known = graph.tasks(blockers);
        Map<TaskId, TaskGraph.Node> open = new LinkedHashMap<>();
        for (TaskId blocker : blockers) {
            TaskGraph.Node node = known.get(blocker);
            if (node != null && node.isOpen()) {
                open.put(blocker, node);
            }
        }
        return open;
    }

    /**
     * Each blocker is a task of the same organization and account, not deleted, not this task, listed once; at
     * most {@value #MAX_BLOCKERS}; and (for an existing task) none of them may already wait for this one, or the
     * tasks would wait for each other for ever.
     */
    private static void checkBlockers(TaskId taskId, OrganizationId organizationId, AccountId accountId,
                                      List<TaskId> blockers, TaskGraph graph, boolean checkCycles,
                                      List<FieldProblem> problems) {
        if (blockers.size() > MAX_BLOCKERS) {
            problems.add(new FieldProblem("blockedBy", "must hold at most " + MAX_BLOCKERS + " tasks"));
            return;
        }
        if (blockers.isEmpty()) {
            return;
        }
        // Before anything is read of the blockers, to the end of the write (TaskGraph#lock).
        graph.lock(accountId);
        Map<TaskId, TaskGraph.Node> known = graph.tasks(blockers.stream().filter(Objects::nonNull).toList());
        // One problem at most per position, listed in the order of the list.
        Map<Integer, FieldProblem> found = new TreeMap<>();
        Map<TaskId, Integer> candidates = new LinkedHashMap<>();
        Set<TaskId> seen = new HashSet<>();
        for (int i = 0; i < blockers.size(); i++) {
            TaskId blocker = blockers.get(i);
            TaskGraph.Node node = blocker == null ? null : known.get(blocker);
            String field = "blockedBy[" + i + "]";
            if (blocker == null) {
                found.put(i, new FieldProblem(field, "must be a task id"));
            } else if (blocker.equals(taskId)) {
                found.put(i, new FieldProblem(field, "a task cannot wait for itself"));
            } else if (!seen.add(blocker)) {
                found.put(i, new FieldProblem(field, "task " + blocker + " is listed more than once"));
            } else if (node == null || node.deleted() || !node.organizationId().equals(organizationId)
                    || !node.accountId().equals(accountId)) {
                found.put(i, new FieldProblem(field, "no task " + blocker + " in this account"));
            } else {
                candidates.put(blocker, i);
            }
        }
        if (checkCycles && !candidates.isEmpty()) {
            Set<TaskId> waiting = graph.waitingFor(taskId, candidates.keySet());
            candidates.forEach((blocker, i) -> {
                if (waiting.contains(blocker)) {
                    found.put(i, new FieldProblem("blockedBy[" + i + "]", "task " + blocker + " already waits for "
                            + "task " + taskId + ", directly or through other tasks: they would wait for each "
                            + "other for ever"));
                }
            });
        }
        problems.addAll(found.values());
    }

    /** 404 for a comment the task does not show (never made, or deleted); 403 for anyone but its author. */
    private TaskComment commentOfItsAuthor(CommentId commentId, UserId actorId) {
        TaskComment comment = commentId == null ? null : state.comments().get(commentId);
        if (comment == null || comment.deleted()) {
            throw new NotFoundException("task " + taskId + " has no comment " + commentId);
        }
        if (!comment.authorId().equals(actorId)) {
            throw new ForbiddenException("only the author of comment " + commentId + " may edit or delete it");
        }
        return comment;
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

    private static void checkAssignee(UserId assigneeId, boolean inTheOrganization, List<FieldProblem> problems) {
        if (assigneeId == null) {
            problems.add(new FieldProblem("assigneeId", "is required"));
        } else if (!inTheOrganization) {
            problems.add(new FieldProblem("assigneeId", "no user " + assigneeId + " in this organization"));
        }
    }

    private static void throwIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    @EventSourcingHandler
    void on(TaskCreated event, MetaData metaData) {
        taskId = event.taskId();
        state = TaskState.of(event);
        rememberOverdueDeadline(metaData);
    }

    /** Every later event (Axon picks the TaskCreated handler above for its more specific type). */
    @EventSourcingHandler
    void on(TaskEvents event, MetaData metaData) {
        state = state.apply(event);
        rememberOverdueDeadline(metaData);
    }

    /** Events that neither scheduled nor cancelled the deadline carry no entry, and leave it as it is. */
    private void rememberOverdueDeadline(MetaData metaData) {
        Object deadlineId = metaData.get(OVERDUE_DEADLINE_ID);
        if (deadlineId != null) {
            overdueDeadlineId = deadlineId.toString();
        }
    }
}
