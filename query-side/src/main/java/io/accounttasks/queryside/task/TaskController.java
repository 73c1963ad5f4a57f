package io.accounttasks.queryside.task;

import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.edge.Caller;
import io.accounttasks.queryside.ListPage;
import io.accounttasks.queryside.ReadYourWrites;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An account's tasks, as the caller's organization sees them. */
@RestController
class TaskController {

    private final TaskReadModel tasks;
    private final ReadYourWrites readYourWrites;

    TaskController(TaskReadModel tasks, ReadYourWrites readYourWrites) {
        this.tasks = tasks;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping(path = "/v1/accounts/{accountId}/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
    ListPage<TaskView> list(Caller caller, @PathVariable AccountId accountId,
                            @RequestParam MultiValueMap<String, String> parameters) {
        TaskListQuery query = TaskListQuery.from(parameters);
        long accountKey = tasks.accountKey(caller.organizationId(), accountId)
                .orElseThrow(() -> new NotFoundException("account " + accountId + " does not exist"));
        return tasks.list(accountKey, query);
    }

    @GetMapping(path = "/v1/accounts/{accountId}/tasks/{taskId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskView> get(Caller caller, @PathVariable AccountId accountId, @PathVariable TaskId taskId,
                                 @RequestHeader(name = ReadYourWrites.MIN_VERSION, required = false) Long minVersion) {
        readYourWrites.awaitVersion(minVersion, () -> {
            var version = tasks.version(caller.organizationId(), taskId);
            return version.isPresent() ? version.getAsLong() : null;
        });
        TaskView task = tasks.find(caller.organizationId(), accountId, taskId)
                // Deleted, another account's or another organization's: all answered as not there.
                .orElseThrow(() -> new NotFoundException("task " + taskId + " does not exist in account "
                        + accountId));
        return ResponseEntity.ok().eTag(task.etag()).body(task);
    }
}
