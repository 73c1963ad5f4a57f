package io.accounttasks.readmodel.task;

import io.accounttasks.coreapi.task.TaskId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tasks a transaction created, as the statement that inserted each row answered it: a create's answer without
 * reading the row back (ADR 0016). A later change of the task in the same transaction forgets it, so what is here is
 * always the row as it is now; outside a transaction nothing is kept.
 */
@Component
public class WrittenTasks {

    /** The key of this transaction's map among its resources. */
    private final Object key = new Object();

    void created(TaskView task) {
        rows(true).ifPresent(rows -> rows.put(task.id(), task));
    }

    void changed(TaskId taskId) {
        rows(false).ifPresent(rows -> rows.remove(taskId.value()));
    }

    /** The task's row, if this transaction created it and has not changed it since. */
    public Optional<TaskView> find(TaskId taskId) {
        return rows(false).map(rows -> rows.get(taskId.value()));
    }

    @SuppressWarnings("unchecked")
    private Optional<Map<String, TaskView>> rows(boolean bind) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return Optional.empty();
        }
        Map<String, TaskView> rows = (Map<String, TaskView>) TransactionSynchronizationManager.getResource(key);
        if (rows == null && bind) {
            rows = new HashMap<>();
            TransactionSynchronizationManager.bindResource(key, rows);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(key);
                }
            });
        }
        return Optional.ofNullable(rows);
    }
}
