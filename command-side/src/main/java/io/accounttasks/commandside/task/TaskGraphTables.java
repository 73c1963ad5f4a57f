package io.accounttasks.commandside.task;

import io.accounttasks.commandside.organization.Directory;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskEvents.TaskBlockersChanged;
import io.accounttasks.coreapi.task.TaskEvents.TaskCreated;
import io.accounttasks.coreapi.task.TaskEvents.TaskDeleted;
import io.accounttasks.coreapi.task.TaskEvents.TaskStatusChanged;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.user.UserId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task graph in {@code command_tasks}: every task's account, status, deletion and blockers. Its handlers run
 * in the directory's subscribing processor, inside the unit of work (and so the transaction) that appends the
 * task's events, and their failures fail that write (EventHandlingConfiguration): a task is in the graph exactly
 * as its events say.
 * <p>
 * It is also the process that keeps waiting tasks' {@code blocked} true: when a task closes, reopens or is
 * deleted while open, it sends {@link ReconsiderBlockers} to every task that waits for it, from inside the
 * handler. The command runs in a unit of work nested in the one being committed, and Axon publishes (and stores)
 * the events of nested units of work while the root one prepares its commit, so the waiting tasks' TaskBlocked and
 * TaskUnblocked commit together with the change that caused them, or not at all (docs/adr/0012).
 */
@Component
@ProcessingGroup(Directory.PROCESSING_GROUP)
class TaskGraphTables implements TaskGraph {

    /**
     * The first half of the per-account advisory lock of the task graph (the account id's hash is the second): a
     * constant no other code of this database uses ("TGRF").
     */
    private static final int LOCK = 0x54475246;

    /**
     * From each candidate along what it waits for (deleted tasks wait for nothing, and the task itself is not
     * gone through): the candidates from which the task is reached. UNION, not UNION ALL, so that it ends even on
     * a cycle the graph should never hold.
     */
    private static final String WAITING_FOR = """
            with recursive reached (candidate, task_id) as (
                select task.task_id, task.task_id
                from command_tasks task
                where task.task_id = any(?) and not task.deleted
              union
                select reached.candidate, blocker.task_id
                from reached
                join command_tasks waiting on waiting.task_id = reached.task_id
                join command_tasks blocker on blocker.task_id = any(waiting.blocked_by) and not blocker.deleted
                where reached.task_id <> ?)
            select distinct candidate from reached where task_id = ?""";

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;

    TaskGraphTables(JdbcTemplate jdbc, CommandGateway commands) {
        this.jdbc = jdbc;
        this.commands = commands;
    }

    @Override
    public Map<TaskId, Node> tasks(Collection<TaskId> taskIds) {
        if (taskIds.isEmpty()) {
            return Map.of();
        }
        Map<TaskId, Node> nodes = new HashMap<>();
        jdbc.query(connection -> statement(connection, "select task_id, organization_id, account_id, status, deleted "
                + "from command_tasks where task_id = any(?)", ids(connection, taskIds)), row -> {
            TaskId taskId = new TaskId(row.getString("task_id"));
            nodes.put(taskId, new Node(taskId, new OrganizationId(row.getString("organization_id")),
                    new AccountId(row.getString("account_id")), TaskStatus.valueOf(row.getString("status")),
                    row.getBoolean("deleted")));
        });
        return nodes;
    }

    @Override
    public void lock(AccountId accountId) {
        jdbc.query("select pg_advisory_xact_lock(?, hashtext(?))", row -> {
        }, LOCK, accountId.value());
    }

    @Override
    public Set<TaskId> waitingFor(TaskId taskId, Collection<TaskId> candidates) {
        Set<TaskId> waiting = new HashSet<>();
        jdbc.query(connection -> statement(connection, WAITING_FOR, ids(connection, candidates), taskId.value(),
                taskId.value()), row -> {
            waiting.add(new TaskId(row.getString("candidate")));
        });
        return waiting;
    }

    @EventHandler
    void on(TaskCreated event) {
        jdbc.update(connection -> statement(connection, "insert into command_tasks "
                        + "(task_id, organization_id, account_id, status, blocked_by) values (?, ?, ?, ?, ?)",
                event.taskId().value(), event.organizationId().value(), event.accountId().value(),
                event.status().name(), ids(connection, event.blockedBy())));
    }

    @EventHandler
    void on(TaskBlockersChanged event) {
        jdbc.update(connection -> statement(connection, "update command_tasks set blocked_by = ? where task_id = ?",
                ids(connection, event.to()), event.taskId().value()));
    }

    @EventHandler
    void on(TaskStatusChanged event) {
        jdbc.update("update command_tasks set status = ? where task_id = ?", event.to().name(),
                event.taskId().value());
        if (event.from().isOpen() != event.to().isOpen()) {
            reconsiderTasksWaitingFor(event.taskId(), event.accountId(), event.actorId());
        }
    }

    /** A deleted task blocks nothing any more: if it was open, the tasks waiting for it may be free. */
    @EventHandler
    void on(TaskDeleted event) {
        List<String> status = jdbc.queryForList("select status from command_tasks where task_id = ? and not deleted",
                String.class, event.taskId().value());
        jdbc.update("update command_tasks set deleted = true where task_id = ?", event.taskId().value());
        if (!status.isEmpty() && TaskStatus.valueOf(status.get(0)).isOpen()) {
            reconsiderTasksWaitingFor(event.taskId(), event.accountId(), event.actorId());
        }
    }

    /**
     * Under the account's lock (see {@link TaskGraph#lock}), in a fixed order (by id), so that two writes that both
     * reach some of the same tasks load them alike. The write took the lock before it loaded any task (TaskWrites:
     * asked for only here, holding this task, it could deadlock with a write of a task waiting for it); taking it
     * again is free, and keeps this true of any other way a task may close.
     */
    private void reconsiderTasksWaitingFor(TaskId cause, AccountId accountId, UserId actorId) {
        lock(accountId);
        List<String> waiting = jdbc.queryForList("select task_id from command_tasks "
                + "where blocked_by @> array[?]::text[] and not deleted order by task_id", String.class, cause.value());
        for (String taskId : waiting) {
            commands.sendAndWait(new ReconsiderBlockers(new TaskId(taskId), cause, actorId));
        }
    }

    private static PreparedStatement statement(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private static Array ids(Connection connection, Collection<TaskId> taskIds) throws SQLException {
        return connection.createArrayOf("text", taskIds.stream().map(TaskId::value).toArray());
    }
}
