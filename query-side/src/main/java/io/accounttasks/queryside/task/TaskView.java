package io.accounttasks.queryside.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A task as API.md answers it: {@code id} is the task's ULID (the row's uid; the bigserial key stays inside the
 * database), the account and creator are shown by name as well as by id, and absent values are null. The
 * workflow's fields follow {@code attachmentUrls} (API.md, "The task workflow"): tasks are named by their ids, the
 * deadline is in UTC as the other times are.
 */
record TaskView(String id, String accountId, String account, String title, String description, String assigneeId,
                String activityId, TaskType type, TaskStatus status, TaskPriority priority,
                List<String> attachmentUrls, OffsetDateTime dueAt, boolean overdue, List<String> blockedBy,
                boolean blocked, String outcome, String followUpOf, List<String> followUps,
                String creator, String creatorId, String creatorEmail,
                // Named explicitly: a boolean "is" accessor would otherwise be published as "active".
                @JsonProperty("isActive") boolean isActive,
                OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime deletedAt, long version) {

    /** The HTTP entity tag of this state of the task: its version, quoted. */
    String etag() {
        return "\"" + version + "\"";
    }
}
