package io.accounttasks.queryside.task;

import io.accounttasks.readmodel.task.CommentView;
import io.accounttasks.readmodel.task.TaskView;
import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.task.CommentId;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.edge.Caller;
import io.accounttasks.queryside.ListPage;
import io.accounttasks.queryside.Paging;
import io.accounttasks.queryside.Projections;
import io.accounttasks.queryside.projection.ServedBy;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A task's comments, as the caller's organization sees them: only those of a task of that account that is not
 * deleted; any other task (deleted, another account's or another organization's) is answered as not there, as
 * GET of the task does. Their {@code ETag} is the task's: comments are part of their task, and comment writes take
 * the task's ETag in {@code If-Match} (read before the comments, so it is never newer than what they show).
 */
@RestController
class TaskCommentController {

    private final TaskReadModel tasks;
    private final TaskComments comments;

    TaskCommentController(TaskReadModel tasks, TaskComments comments) {
        this.tasks = tasks;
        this.comments = comments;
    }

    @ServedBy(Projections.TASKS)
    @GetMapping(path = "/v1/accounts/{accountId}/tasks/{taskId}/comments",
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ListPage<CommentView>> list(Caller caller, @PathVariable AccountId accountId,
                                               @PathVariable TaskId taskId,
                                               @RequestParam(required = false) String page,
                                               @RequestParam(required = false) String limit) {
        Paging paging = Paging.of(page, limit);
        long task = taskKey(caller, accountId, taskId);
        String etag = etag(caller, taskId);
        return ResponseEntity.ok().eTag(etag).body(comments.list(task, paging));
    }

    /** A comment, with its task's version as the ETag (a comment is part of its task). */
    @ServedBy(Projections.TASKS)
    @GetMapping(path = "/v1/accounts/{accountId}/tasks/{taskId}/comments/{commentId}",
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CommentView> get(Caller caller, @PathVariable AccountId accountId, @PathVariable TaskId taskId,
                                    @PathVariable CommentId commentId) {
        long task = taskKey(caller, accountId, taskId);
        String etag = etag(caller, taskId);
        return ResponseEntity.ok().eTag(etag).body(comments.find(task, commentId)
                // Deleted or another task's: not there.
                .orElseThrow(() -> new NotFoundException("comment " + commentId + " does not exist on task "
                        + taskId)));
    }

    /** The task's ETag, as GET of the task answers it. */
    private String etag(Caller caller, TaskId taskId) {
        return TaskView.etag(tasks.version(caller.organizationId(), taskId));
    }

    private long taskKey(Caller caller, AccountId accountId, TaskId taskId) {
        return tasks.key(caller.organizationId(), accountId, taskId)
                .orElseThrow(() -> new NotFoundException("task " + taskId + " does not exist in account "
                        + accountId));
    }
}
