package io.accounttasks.commandside.task;

import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskStatus;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The tasks and what they wait for, as the command side knows them: what the Task aggregate checks blockers
 * against, which no single task's events can tell (the other tasks' account, status and blockers). Command
 * handlers take it as a parameter (Axon resolves it from the Spring context; tests register a fake), like the
 * {@link io.accounttasks.commandside.organization.Directory}.
 */
interface TaskGraph {

    /** The named tasks the graph knows, deleted ones included; an id it does not know is not in the answer. */
    Map<TaskId, Node> tasks(Collection<TaskId> taskIds);

    /**
     * Holds the account's lock from here to the end of the transaction. A task given blockers takes it before it
     * reads them, and a task that closes, reopens or is deleted takes it before it looks for the tasks waiting for
     * it: otherwise a task could start waiting for a blocker that is closing at that moment (it reads the blocker
     * open, the blocker's close does not see it waiting yet), and stay blocked for ever. It also keeps two
     * concurrent changes from each closing half of a cycle that neither sees.
     */
    void lock(AccountId accountId);

    /**
     * Those of the candidates that already wait for the task, directly or through other tasks (deleted tasks
     * wait for nothing): making the task wait for one of them would close a cycle. Under the account's lock.
     */
    Set<TaskId> waitingFor(TaskId taskId, Collection<TaskId> candidates);

    /** One task as the rules about blockers need it. */
    record Node(TaskId taskId, OrganizationId organizationId, AccountId accountId, TaskStatus status,
                boolean deleted) {

        /** It blocks the tasks that wait for it. */
        boolean isOpen() {
            return !deleted && status.isOpen();
        }
    }
}
