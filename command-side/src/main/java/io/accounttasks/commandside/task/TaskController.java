package io.accounttasks.commandside.task;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import io.accounttasks.commandside.task.TaskWrites.WrittenComment;
import io.accounttasks.readmodel.task.CommentView;
import io.accounttasks.readmodel.task.TaskView;
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
 * The task writes. Each answers what it wrote as a GET shows it (the task, or one of its comments, read from the
 * rows written with the events) with the task's version as its ETag. Comments are part of their task: a comment
 * write changes the task's version and honours If-Match against it like any other change of the task.
 */
@RestController
@RequestMapping("/v1/accounts/{accountId}/tasks")
class TaskController {

    private final TaskWrites writes;

    TaskController(TaskWrites writes) {
        this.writes = writes;
    }

    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskView> create(Caller caller, @PathVariable AccountId accountId,
                                   @RequestBody CreateTaskRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request.accountId() != null && !request.accountId().equals(accountId)) {
            problems.add(new FieldProblem("accountId", "must be the account of the path, " + accountId));
        }
        TaskRequests.checkNoNullUrls(request.attachmentUrls(), problems);
        Instant dueAt = TaskRequests.dueAt(request.dueAt(), problems);
        throwIfAny(problems);
        TaskId taskId = TaskId.newId();
        TaskView task = writes.create(new CreateTask(taskId, caller.organizationId(), caller.userId(),
                accountId, new TaskDetails(request.title(), request.description(), request.activityId(),
                request.attachmentUrls()), request.assigneeId(), request.type(), request.status(),
                request.priority(), dueAt, request.blockedBy(), null));
        return created(task);
    }

    /**
     * Changes only the fields the body names, with one command per aspect: details, assignee, type, priority, due
     * date, blockers, and status last (so a refused status move leaves nothing half done: the transaction rolls all
     * of them back). The commands are built from the task as the write finds it, so a write that is run again after
     * losing a race to another writer merges into the newer task (TaskWrites). An outcome goes with the status
     * (without one, the Task aggregate refuses it).
     */
    @PatchMapping(path = "/{taskId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskView> patch(Caller caller, @PathVariable AccountId accountId, @PathVariable TaskId taskId,
                                  @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
                                  @RequestBody PatchTaskRequest patch) {
        IfMatch precondition = IfMatch.parse(ifMatch);
        List<FieldProblem> problems = new ArrayList<>();
        patch.check(problems);
        throwIfAny(problems);
        // Blockers, or a status that may close or reopen the task (TaskWrites).
        Graph touched = patch.blockedBy() != null || patch.status() != null ? Graph.TOUCHED : Graph.UNTOUCHED;
        TaskView task = writes.change(taskId, caller.organizationId(), accountId, precondition, touched, current -> {
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
        }, () -> writes.task(caller.organizationId(), taskId));
        return ResponseEntity.ok().eTag(task.etag()).body(task);
    }

    /**
     * A new task that follows this one up, made from it (FollowUps) and linked both ways in one transaction. The
     * answer is the new task's, as for a create.
     */
    @PostMapping(path = "/{taskId}/follow-ups", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskView> followUp(Caller caller, @PathVariable AccountId accountId, @PathVariable TaskId taskId,
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
        TaskView followUp = writes.followUp(taskId, caller.organizationId(), accountId, original ->
                FollowUps.create(followUpId, caller.organizationId(), caller.userId(), original, fields));
        return created(followUp);
    }

    @PostMapping(path = "/{taskId}/comments", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CommentView> addComment(Caller caller, @PathVariable AccountId accountId,
                                              @PathVariable TaskId taskId,
                                              @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
                                              @RequestBody CommentRequest request) {
        CommentId commentId = CommentId.newId();
        WrittenComment written = writes.change(taskId, caller.organizationId(), accountId, IfMatch.parse(ifMatch),
                Graph.UNTOUCHED,
                current -> List.of(new AddTaskComment(taskId, caller.organizationId(), accountId, caller.userId(),
                        commentId, request.text())),
                () -> writes.comment(caller.organizationId(), taskId, commentId));
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create(commentPath(accountId, taskId, commentId)))
                .eTag(TaskView.etag(written.version()))
                .body(written.comment());
    }

    @PatchMapping(path = "/{taskId}/comments/{commentId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CommentView> editComment(Caller caller, @PathVariable AccountId accountId,
                                               @PathVariable TaskId taskId, @PathVariable CommentId commentId,
                                               @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
                                               @RequestBody CommentRequest request) {
        WrittenComment written = writes.change(taskId, caller.organizationId(), accountId, IfMatch.parse(ifMatch),
                Graph.UNTOUCHED,
                current -> List.of(new EditTaskComment(taskId, caller.organizationId(), accountId, caller.userId(),
                        commentId, request.text())),
                () -> writes.comment(caller.organizationId(), taskId, commentId));
        return ResponseEntity.ok().eTag(TaskView.etag(written.version())).body(written.comment());
    }

    @DeleteMapping("/{taskId}/comments/{commentId}")
    ResponseEntity<Void> deleteComment(Caller caller, @PathVariable AccountId accountId, @PathVariable TaskId taskId,
                                       @PathVariable CommentId commentId,
                                       @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
        long version = writes.change(taskId, caller.organizationId(), accountId, IfMatch.parse(ifMatch),
                Graph.UNTOUCHED,
                current -> List.of(new DeleteTaskComment(taskId, caller.organizationId(), accountId,
                        caller.userId(), commentId)),
                () -> writes.version(taskId));
        return deleted(version);
    }

    @DeleteMapping("/{taskId}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable AccountId accountId, @PathVariable TaskId taskId,
                                @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
        long version = writes.change(taskId, caller.organizationId(), accountId, IfMatch.parse(ifMatch),
                Graph.TOUCHED,
                current -> List.of(new DeleteTask(taskId, caller.organizationId(), accountId, caller.userId())),
                () -> writes.version(taskId));
        return deleted(version);
    }

    @DeleteMapping(path = "/{taskId}/attachments", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskView> removeAttachment(Caller caller, @PathVariable AccountId accountId,
                                             @PathVariable TaskId taskId, @RequestParam String url,
                                             @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
        TaskView task = writes.change(taskId, caller.organizationId(), accountId, IfMatch.parse(ifMatch),
                Graph.UNTOUCHED,
                current -> List.of(new RemoveTaskAttachment(taskId, caller.organizationId(), accountId,
                        caller.userId(), url)),
                () -> writes.task(caller.organizationId(), taskId));
        return ResponseEntity.ok().eTag(task.etag()).body(task);
    }

    /** 201 with the new task's Location and ETag: a create and a follow-up. */
    private static ResponseEntity<TaskView> created(TaskView task) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/v1/accounts/" + task.accountId() + "/tasks/" + task.id()))
                .eTag(task.etag())
                .body(task);
    }

    /** 204, with the task's version after the delete. */
    private static ResponseEntity<Void> deleted(long version) {
        return ResponseEntity.noContent().eTag(TaskView.etag(version)).build();
    }

    private static void throwIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private static String path(AccountId accountId, TaskId taskId) {
        return "/v1/accounts/" + accountId.value() + "/tasks/" + taskId.value();
    }

    private static String commentPath(AccountId accountId, TaskId taskId, CommentId commentId) {
        return path(accountId, taskId) + "/comments/" + commentId.value();
    }
}
