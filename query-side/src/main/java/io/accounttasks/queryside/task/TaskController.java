package io.accounttasks.queryside.task;

import io.accounttasks.readmodel.task.TaskView;
import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.edge.Caller;
import io.accounttasks.queryside.ListPage;
import io.accounttasks.queryside.Projections;
import io.accounttasks.queryside.QueryParameters;
import io.accounttasks.queryside.projection.ServedBy;
import io.accounttasks.queryside.task.history.TaskTimelines;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** An account's tasks, as the caller's organization sees them. */
@RestController
class TaskController {

    private final TaskReadModel tasks;
    private final TaskTimelines timelines;

    TaskController(TaskReadModel tasks, TaskTimelines timelines) {
        this.tasks = tasks;
        this.timelines = timelines;
    }

    @ServedBy(Projections.TASKS)
    @GetMapping(path = "/v1/accounts/{accountId}/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
    ListPage<TaskView> list(Caller caller, @PathVariable AccountId accountId,
                            @RequestParam MultiValueMap<String, String> parameters) {
        TaskListQuery query = TaskListQuery.from(parameters);
        long accountKey = tasks.accountKey(caller.organizationId(), accountId)
                .orElseThrow(() -> new NotFoundException("account " + accountId + " does not exist"));
        return tasks.list(accountKey, query);
    }

    @ServedBy(Projections.TASKS)
    @GetMapping(path = "/v1/accounts/{accountId}/tasks/{taskId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskView> get(Caller caller, @PathVariable AccountId accountId, @PathVariable TaskId taskId) {
        TaskView task = tasks.find(caller.organizationId(), accountId, taskId)
                // Deleted, another account's or another organization's: all answered as not there.
                .orElseThrow(() -> new NotFoundException("task " + taskId + " does not exist in account "
                        + accountId));
        return ResponseEntity.ok().eTag(task.etag()).body(task);
    }

    /**
     * The task as it stood at an instant (time travel): folded from its events in the event store, not read
     * from the row. A task
     * deleted by then is answered too, inactive and with its deletedAt: this is an audit view, not the live task.
     * Chosen over the plain GET whenever the request names {@code asOf}, even empty (then 400).
     */
    @GetMapping(path = "/v1/accounts/{accountId}/tasks/{taskId}", params = "asOf",
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskView> getAsOf(Caller caller, @PathVariable AccountId accountId, @PathVariable TaskId taskId,
                                     @RequestParam("asOf") String asOf) {
        Instant instant = QueryParameters.instant("asOf", asOf);
        TaskView task = timelines.read(caller.organizationId(), accountId, taskId)
                .flatMap(timeline -> timeline.asOf(instant))
                .map(tasks::view)
                // Not created yet at that instant, another account's or another organization's: not there.
                .orElseThrow(() -> new NotFoundException("task " + taskId + " did not exist in account "
                        + accountId + " at " + instant));
        return ResponseEntity.ok().eTag(task.etag()).body(task);
    }
}
