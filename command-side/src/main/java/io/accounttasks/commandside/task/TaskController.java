package io.accounttasks.commandside.task;

import io.accounttasks.commandside.ReadYourWrites;
import io.accounttasks.commandside.task.TaskRequests.CreateTaskRequest;
import io.accounttasks.commandside.task.TaskRequests.PatchTaskRequest;
import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.account.AccountId;
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
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.edge.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The task writes. Each answers the task's version (header and ETag) and where the query side shows the task;
 * the gateway answers the client with that read model (docs/ARCHITECTURE.md), so the bodies here are small.
 */
@RestController
@RequestMapping("/v1/accounts/{accountId}/tasks")
class TaskController {

    /** What a client sees only if the read model is late (the gateway's 202). */
    record Written(String id, String accountId, long version) {
    }

    private final TaskWrites writes;

    TaskController(TaskWrites writes) {
        this.writes = writes;
    }

    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Written> create(Caller caller, @PathVariable AccountId accountId,
                                   @RequestBody CreateTaskRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request.accountId() != null && !request.accountId().equals(accountId)) {
            problems.add(new FieldProblem("accountId", "must be the account of the path, " + accountId));
        }
        TaskRequests.checkNoNullUrls(request.attachmentUrls(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        TaskId taskId = TaskId.newId();
        long version = writes.create(new CreateTask(taskId, caller.organizationId(), caller.userId(),
                accountId, new TaskDetails(request.title(), request.description(), request.activityId(),
                request.attachmentUrls()), request.assigneeId(), request.type(), request.status(),
                request.priority()));
        String path = path(accountId, taskId);
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create(path))
                .headers(written(version, path))
                .body(new Written(taskId.value(), accountId.value(), version));
    }

    /**
     * Changes only the fields the body names, with one command per aspect, details first and status last (so a
     * refused status move leaves nothing half done: the transaction rolls all of them back). The commands are
     * built from the task as the write finds it, so a write that is run again after losing a race to another
     * writer merges into the newer task (TaskWrites).
     */
    @PatchMapping(path = "/{taskId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Written> patch(Caller caller, @PathVariable AccountId accountId, @PathVariable TaskId taskId,
                                  @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
                                  @RequestBody PatchTaskRequest patch) {
        IfMatch precondition = IfMatch.parse(ifMatch);
        List<FieldProblem> problems = new ArrayList<>();
        patch.checkNotCleared(problems);
        if (patch.attachmentUrls() != null) {
            TaskRequests.checkNoNullUrls(patch.attachmentUrls().orElse(null), problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long version = writes.change(taskId, caller.organizationId(), accountId, precondition, current -> {
            List<TaskCommands> commands = new ArrayList<>();
            if (patch.changesDetails()) {
                commands.add(new ChangeTaskDetails(taskId, caller.organizationId(), accountId, caller.userId(),
                        merge(current, patch)));
            }
            if (patch.assigneeId() != null) {
                commands.add(new ReassignTask(taskId, caller.organizationId(), accountId, caller.userId(),
                        patch.assigneeId().get()));
            }
            if (patch.type() != null) {
                commands.add(new ChangeTaskType(taskId, caller.organizationId(), accountId, caller.userId(),
                        patch.type().get()));
            }
            if (patch.priority() != null) {
                commands.add(new ChangeTaskPriority(taskId, caller.organizationId(), accountId, caller.userId(),
                        patch.priority().get()));
            }
            if (patch.status() != null) {
                commands.add(new ChangeTaskStatus(taskId, caller.organizationId(), accountId, caller.userId(),
                        patch.status().get()));
            }
            return commands;
        });
        String path = path(accountId, taskId);
        return ResponseEntity.ok()
                .headers(written(version, path))
                .body(new Written(taskId.value(), accountId.value(), version));
    }

    @DeleteMapping("/{taskId}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable AccountId accountId, @PathVariable TaskId taskId,
                                @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
        long version = writes.change(taskId, caller.organizationId(), accountId, IfMatch.parse(ifMatch),
                current -> List.of(new DeleteTask(taskId, caller.organizationId(), accountId, caller.userId())));
        String path = path(accountId, taskId);
        HttpHeaders headers = ReadYourWrites.fromCommand(version, path);
        headers.setETag(etag(version));
        return ResponseEntity.noContent().headers(headers).build();
    }

    @DeleteMapping(path = "/{taskId}/attachments", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Written> removeAttachment(Caller caller, @PathVariable AccountId accountId,
                                             @PathVariable TaskId taskId, @RequestParam String url,
                                             @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
        long version = writes.change(taskId, caller.organizationId(), accountId, IfMatch.parse(ifMatch),
                current -> List.of(new RemoveTaskAttachment(taskId, caller.organizationId(), accountId,
                        caller.userId(), url)));
        String path = path(accountId, taskId);
        return ResponseEntity.ok()
                .headers(written(version, path))
                .body(new Written(taskId.value(), accountId.value(), version));
    }

    private static TaskDetails merge(TaskDetails current, PatchTaskRequest patch) {
        return new TaskDetails(
                patch.title() != null ? patch.title().orElse(null) : current.title(),
                patch.description() != null ? patch.description().orElse(null) : current.description(),
                patch.activityId() != null ? patch.activityId().orElse(null) : current.activityId(),
                patch.attachmentUrls() != null ? patch.attachmentUrls().orElse(null) : current.attachmentUrls());
    }

    private static HttpHeaders written(long version, String path) {
        HttpHeaders headers = ReadYourWrites.fromReadModel(version, path);
        headers.setETag(etag(version));
        return headers;
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static String path(AccountId accountId, TaskId taskId) {
        return "/v1/accounts/" + accountId.value() + "/tasks/" + taskId.value();
    }
}
