package io.accounttasks.commandside.task;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import io.accounttasks.commandside.ReadYourWrites;
import io.accounttasks.commandside.task.TaskRequests.CommentRequest;
import io.accounttasks.commandside.task.TaskRequests.CreateTaskRequest;
import io.accounttasks.commandside.task.TaskRequests.FollowUpRequest;
import io.accounttasks.commandside.task.TaskRequests.PatchTaskRequest;
import io.accounttasks.commandside.task.TaskWrites.Graph;
import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.coreapi.InvalidInputException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.task.CommentId;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The task writes. Each answers the task's version (header and ETag) and where the query side shows what was
 * written (the task, or one of its comments); the gateway answers the client with that read model
 * (docs/ARCHITECTURE.md), so the bodies here are small. Comments are part of their task: a comment write changes
 * the task's version and honours If-Match against it like any other change of the task.
 */
@RestController
@RequestMapping("/v1/accounts/{accountId}/tasks")
class TaskController {

    /** What a client sees only if the read model is late (the gateway's 202). */
    record Written(String id, String accountId, long version) {
    }

    /** The same for a comment: its id, and the version of its task. */
    record WrittenComment(String id, String taskId, long version) {
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
        Instant dueAt = TaskRequests.dueAt(request.dueAt(), problems);
        throwIfAny(problems);
        TaskId taskId = TaskId.newId();
        long version = writes.create(new CreateTask(taskId, caller.organizationId(), caller.userId(),
                accountId, new TaskDetails(request.title(), request.description(), request.activityId(),
                request.attachmentUrls()), request.assigneeId(), request.type(), request.status(),
                request.priority(), dueAt, request.blockedBy(), null));
        return created(accountId, taskId, version);
    }

    /**
     * Changes only the fields the body names, with one command per aspect: details, assignee, type, priority, due
     * date, blockers, and status last (so a refused status move leaves nothing half done: the transaction rolls all
     * of them back). The commands are built from the task as the write finds it, so a write that is run again after
     * losing a race to another writer merges into the newer task (TaskWrites). An outcome goes with the status
     * (without one, the Task aggregate refuses it).
     */
    @PatchMapping(path = "/{taskId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Written> patch(Caller caller, @PathVariable AccountId accountId, @PathVariable TaskId taskId,
                                  @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
                                  @RequestBody PatchTaskRequest patch) {
        IfMatch precondition = IfMatch.parse(ifMatch);
        List<FieldProblem> problems = new ArrayList<>();
        patch.check(problems);
        throwIfAny(problems);
        // Blockers, or a status that may close or reopen the task (TaskWrites).
        Graph touched = patch.blockedBy() != null || patch.status() != null ? Graph.TOUCHED : Graph.UNTOUCHED;
        long version = writes.change(taskId, caller.organizationId(), accountId, precondition, touched, current -> {
            List<Object> commands = new ArrayList<>();
            if (patch.changesDetails()) {
                commands.add(new ChangeTaskDetails(taskId, caller.organizationId(), accountId, caller.userId(),
                        patch.mergeInto(current.details())));
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
            if (patch.dueAt() != null) {
                commands.add(new ChangeTaskDueDate(taskId, caller.organizationId(), accountId, caller.userId(),
                        patch.parsedDueAt()));
            }
            if (patch.blockedBy() != null) {
                commands.add(new ChangeTaskBlockers(taskId, caller.organizationId(), accountId, caller.userId(),
                        patch.blockedBy().get()));
            }
            if (patch.status() != null || patch.outcome() != null) {
                commands.add(new ChangeTaskStatus(taskId, caller.organizationId(), accountId, caller.userId(),
                        patch.status() == null ? null : patch.status().get(), patch.outcome()));
            }
            return commands;
        });
        String path = path(accountId, taskId);
        return ResponseEntity.ok()
                .headers(written(version, path))
                .body(new Written(taskId.value(), accountId.value(), version));
    }

    /**
     * A new task that follows this one up, made from it (FollowUps) and linked both ways in one transaction. The
     * answer is the new task's, as for a create.
     */
    @PostMapping(path = "/{taskId}/follow-ups", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Written> followUp(Caller caller, @PathVariable AccountId accountId, @PathVariable TaskId taskId,
                                     @RequestBody(required = false) FollowUpRequest request,
                                     HttpServletRequest servlet) {
        // No body is the defaults; a body that reads as nothing (the JSON null) is not the object the document asks.
        if (request == null && (servlet.getContentLengthLong() > 0 || servlet.getHeader("Transfer-Encoding") != null)) {
            throw new HttpMessageNotReadableException("the request body must be a JSON object",
                    new ServletServerHttpRequest(servlet));
        }
        FollowUpRequest fields = request == null ? new FollowUpRequest() : request;
        List<FieldProblem> problems = new ArrayList<>();
        fields.check(problems);
        throwIfAny(problems);
        TaskId followUpId = TaskId.newId();
        long version = writes.followUp(taskId, caller.organizationId(), accountId, original ->
                FollowUps.create(followUpId, caller.organizationId(), caller.userId(), original, fields));
        return created(accountId, followUpId, version);
    }

    @PostMapping(path = "/{taskId}/comments", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<WrittenComment> addComment(Caller caller, @PathVariable AccountId accountId,
                                              @PathVariable TaskId taskId,
                                              @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
                                              @RequestBody CommentRequest request) {
        CommentId commentId = CommentId.newId();
        long version = writes.change(taskId, caller.organizationId(), accountId, IfMatch.parse(ifMatch),
                Graph.UNTOUCHED,
                current -> List.of(new AddTaskComment(taskId, caller.organizationId(), accountId, caller.userId(),
                        commentId, request.text())));
        String path = commentPath(accountId, taskId, commentId);
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create(path))
                .headers(written(version, path))
                .body(new WrittenComment(commentId.value(), taskId.value(), version));
    }

    @PatchMapping(path = "/{taskId}/comments/{commentId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<WrittenComment> editComment(Caller caller, @PathVariable AccountId accountId,
                                               @PathVariable TaskId taskId, @PathVariable CommentId commentId,
                                               @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
                                               @RequestBody CommentRequest request) {
        long version = writes.change(taskId, caller.organizationId(), accountId, IfMatch.parse(ifMatch),
                Graph.UNTOUCHED,
                current -> List.of(new EditTaskComment(taskId, caller.organizationId(), accountId, caller.userId(),
                        commentId, request.text())));
        return ResponseEntity.ok()
                .headers(written(version, commentPath(accountId, taskId, commentId)))
                .body(new WrittenComment(commentId.value(), taskId.value(), version));
    }

    @DeleteMapping("/{taskId}/comments/{commentId}")
    ResponseEntity<Void> deleteComment(Caller caller, @PathVariable AccountId accountId, @PathVariable TaskId taskId,
                                       @PathVariable CommentId commentId,
                                       @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
        long version = writes.change(taskId, caller.organizationId(), accountId, IfMatch.parse(ifMatch),
                Graph.UNTOUCHED,
                current -> List.of(new DeleteTaskComment(taskId, caller.organizationId(), accountId,
                        caller.userId(), commentId)));
        return deleted(version, commentPath(accountId, taskId, commentId));
    }

    @DeleteMapping("/{taskId}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable AccountId accountId, @PathVariable TaskId taskId,
                                @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
        long version = writes.change(taskId, caller.organizationId(), accountId, IfMatch.parse(ifMatch),
                Graph.TOUCHED,
                current -> List.of(new DeleteTask(taskId, caller.organizationId(), accountId, caller.userId())));
        return deleted(version, path(accountId, taskId));
    }

    @DeleteMapping(path = "/{taskId}/attachments", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Written> removeAttachment(Caller caller, @PathVariable AccountId accountId,
                                             @PathVariable TaskId taskId, @RequestParam String url,
                                             @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
        long version = writes.change(taskId, caller.organizationId(), accountId, IfMatch.parse(ifMatch),
                Graph.UNTOUCHED,
                current -> List.of(new RemoveTaskAttachment(taskId, caller.organizationId(), accountId,
                        caller.userId(), url)));
        String path = path(accountId, taskId);
        return ResponseEntity.ok()
                .headers(written(version, path))
                .body(new Written(taskId.value(), accountId.value(), version));
    }

    /** 201 with the new task's Location, ETag and read-your-writes headers: a create and a follow-up. */
    private static ResponseEntity<Written> created(AccountId accountId, TaskId taskId, long version) {
        String path = path(accountId, taskId);
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create(path))
                .headers(written(version, path))
                .body(new Written(taskId.value(), accountId.value(), version));
    }

    /** 204: the gateway waits until the read model no longer shows what was deleted, and answers as it is. */
    private static ResponseEntity<Void> deleted(long version, String path) {
        HttpHeaders headers = ReadYourWrites.fromCommand(version, path);
        headers.setETag(etag(version));
        return ResponseEntity.noContent().headers(headers).build();
    }

    private static void throwIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
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

    private static String commentPath(AccountId accountId, TaskId taskId, CommentId commentId) {
        return path(accountId, taskId) + "/comments/" + commentId.value();
    }
}
