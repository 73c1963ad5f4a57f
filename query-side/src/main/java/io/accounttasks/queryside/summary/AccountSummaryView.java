package io.accounttasks.queryside.summary;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * An account's tasks at a glance: deleted tasks are not counted. {@code overdue} counts the open tasks whose
 * deadline passed (TaskBecameOverdue, until a new deadline or a close). Every status, priority and type is listed,
 * 0 if no task has it, so clients need no defaults; {@code byAssignee} lists the users that have tasks.
 * {@code lastActivity} is the newest task event of the account, a deletion included, or null if it never had a task.
 */
record AccountSummaryView(String accountId, long total, long open, long done, long overdue,
                          Map<String, Long> byStatus, Map<String, Long> byPriority, Map<String, Long> byType,
                          Map<String, Long> byAssignee, LastActivity lastActivity) {

    /**
     * The event's type as the event feed and history name it, the task it changed and who changed it (null for
     * TaskBecameOverdue, which nobody did).
     */
    record LastActivity(OffsetDateTime at, String type, String taskId, String actorId) {
    }
}
