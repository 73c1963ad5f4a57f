package io.accounttasks.commandside.task;

import io.accounttasks.readmodel.task.CommentView;
import io.accounttasks.readmodel.task.TaskView;
import io.accounttasks.readmodel.task.WrittenTasks;
import io.accounttasks.coreapi.task.CommentId;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import io.accounttasks.commandside.Writes;
import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskCommands.CreateTask;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskState;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends a task write's commands, all in one transaction, and answers what the write made, read in that transaction
 * from the rows the task projection wrote with the events (TaskProjection): exactly what a GET shows right after. A PATCH
 * may need several commands (details, assignee, type, priority, due date, blockers, status), and a follow-up
 * writes two tasks: they commit together or not at all, with whatever the commands cause in the same transaction
 * (deadlines scheduled or cancelled, tasks that wait for a closed one unblocked).
 * <p>
 * A change to an existing task is decided on the task as it is when the write runs; if another writer appends
 * first, the event store refuses this one and the whole write runs again on the newer task (Writes), so
 * concurrent PATCHes all land and none is lost. With an {@code If-Match} naming versions, the run again checks it
 * again: if another request changed this task, the version the client saw is gone (412); if the conflict was on a
 * task this write also appends to (one waiting for this task, unblocked by its close), the client's version is
 * still current and the write goes through.
 * <p>
 * A write that may change blockers, or close, reopen or delete a task, takes the account's graph lock
 * ({@link TaskGraph#lock}) first, before it loads any task. The Task aggregate asks for that lock too, but by then
 * it holds its task: a blocker's close that held the lock and came to unblock that very task would wait for it,
 * and it for the lock. Taken here, the lock is always asked for holding nothing, and the aggregate's is a no-op.
 */
@Component
class TaskWrites {

    /** Whether a write may read or change the task graph: blockers, or whether a task is open or there. */
    enum Graph { UNTOUCHED, TOUCHED }

    private final CommandGateway commands;
    private final Writes writes;
    private final TaskGraph graph;
    private final NamedParameterJdbcTemplate jdbc;
    private final WrittenTasks written;

    TaskWrites(CommandGateway commands, Writes writes, TaskGraph graph, NamedParameterJdbcTemplate jdbc,
               WrittenTasks written) {
        this.commands = commands;
        this.writes = writes;
        this.graph = graph;
        this.jdbc = jdbc;
        this.written = written;
    }

    /** A new task: its id is new, so no other writer can be appending to it. */
    TaskView create(CreateTask command) {
        return writes.inOneTransaction(() -> {
            if (command.blockedBy() != null && !command.blockedBy().isEmpty()) {
                graph.lock(command.accountId());
            }
            commands.sendAndWait(command);
            return task(command.organizationId(), command.taskId());
        });
    }

    /**
     * The task's row as the write left it; only called within the write, after its commands. A task the write
     * created is answered as its insert returned it, not read again.
     */
    TaskView task(OrganizationId organizationId, TaskId taskId) {
        return written.find(taskId).or(() -> TaskView.find(jdbc, organizationId, taskId))
                .orElseThrow(() -> new IllegalStateException("task " + taskId + " was not projected"));
    }

    /** The comment's row as the write left it, with its task's version; only called within the write. */
    WrittenComment comment(OrganizationId organizationId, TaskId taskId, CommentId commentId) {
        return new WrittenComment(CommentView.find(jdbc, organizationId, taskId, commentId)
                .orElseThrow(() -> new IllegalStateException("comment " + commentId + " was not projected")),
                writes.versionOf(taskId));
    }

    /** A comment as answered, and the version of its task (its ETag). */
    record WrittenComment(CommentView comment, long version) {
    }

    /** The task's version after the write: what a 204 answers as its ETag. */
    long version(TaskId taskId) {
        return writes.versionOf(taskId);
    }

    /**
     * A change to an existing task: {@link PrepareTaskWrite} checks it is the caller's, at a version If-Match
     * names, and gives the task as it is; the commands built from it follow, in order. Answers what
     * {@code answer} reads once they ran, in the same transaction.
     */
    <T> T change(TaskId taskId, OrganizationId organizationId, AccountId accountId, IfMatch ifMatch, Graph touched,
                 Function<TaskState, List<?>> taskCommands, Supplier<T> answer) {
        return write(new PrepareTaskWrite(taskId, organizationId, accountId, ifMatch), touched, taskCommands,
                answer);
    }

    /**
     * A follow-up: the original is checked (it must be the caller's, 404 otherwise), the new task built from it is
     * created, and then the original records it; all in one transaction, on the original as this write loaded it.
     * Answers the new task.
     */
    TaskView followUp(TaskId originalId, OrganizationId organizationId, AccountId accountId,
                  Function<TaskState, CreateTask> followUp) {
        AtomicReference<TaskId> created = new AtomicReference<>();
        // The follow-up may be given blockers.
        return write(new PrepareTaskWrite(originalId, organizationId, accountId, IfMatch.NONE), Graph.TOUCHED,
                original -> {
                    CreateTask create = followUp.apply(original);
                    created.set(create.taskId());
                    return List.of(create, new RecordFollowUp(originalId, organizationId, accountId,
                            create.actorId(), create.taskId()));
                }, () -> task(organizationId, created.get()));
    }

    /** Answers what {@code answer} reads once the commands ran, in their transaction. */
    private <T> T write(PrepareTaskWrite prepare, Graph touched, Function<TaskState, List<?>> taskCommands,
                        Supplier<T> answer) {
        TaskId taskId = prepare.taskId();
        Supplier<T> write = () -> {
            if (touched == Graph.TOUCHED) {
                graph.lock(prepare.accountId());
            }
            sendSharingTheTask(prepare, taskCommands);
            return answer.get();
        };
        try {
            // PrepareTaskWrite checks If-Match on every run, on the task as it is then.
            return writes.retryingConflicts(write);
        } catch (AggregateNotFoundException e) {
            throw notFound(taskId);
        }
    }

    /**
     * All commands run inside one unit of work of ours, which Axon's units of work for each command nest in: the
     * repository keeps a loaded aggregate in the outermost one, so every command works on the very task that
     * PrepareTaskWrite checked, and its events are appended once, when ours commits.
     */
    private void sendSharingTheTask(PrepareTaskWrite prepare, Function<TaskState, List<?>> taskCommands) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            TaskState current = commands.sendAndWait(prepare);
            for (Object command : taskCommands.apply(current)) {
                commands.sendAndWait(command);
            }
            unitOfWork.commit();
        } catch (RuntimeException e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            throw e;
        }
    }

    static NotFoundException notFound(TaskId taskId) {
        return new NotFoundException("task " + taskId + " not found");
    }
}
