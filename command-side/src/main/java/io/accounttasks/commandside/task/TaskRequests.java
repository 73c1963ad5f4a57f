package io.accounttasks.commandside.task;

import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.task.ActivityId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.coreapi.user.UserId;

import java.util.List;
import java.util.Optional;

/** The bodies of the task writes, as the contract names their fields. */
final class TaskRequests {

    private TaskRequests() {
    }

    /** {@code POST /v1/accounts/{accountId}/tasks}; {@code accountId} may repeat the path's, nothing else. */
    record CreateTaskRequest(String title, UserId assigneeId, ActivityId activityId, String description,
                             TaskType type, TaskStatus status, TaskPriority priority, List<String> attachmentUrls,
                             AccountId accountId) {
    }

    /**
     * {@code PATCH /v1/accounts/{accountId}/tasks/{taskId}}: each field has three states. A field left out is
     * null here (unchanged); a field sent as JSON null is an empty Optional (cleared, where that is allowed); a
     * field with a value holds it. A class with setters, not a record: Jackson calls a setter only for a field
     * that is in the body, which is how absent and null are told apart. Types, enum values and unknown fields are
     * still checked by Jackson (and answered by service-edge).
     */
    static final class PatchTaskRequest {

        private Optional<String> title;
        private Optional<String> description;
        private Optional<UserId> assigneeId;
        private Optional<ActivityId> activityId;
        private Optional<TaskType> type;
        private Optional<TaskStatus> status;
        private Optional<TaskPriority> priority;
        private Optional<List<String>> attachmentUrls;

        public void setTitle(String title) {
            this.title = Optional.ofNullable(title);
        }

        public void setDescription(String description) {
            this.description = Optional.ofNullable(description);
        }

        public void setAssigneeId(UserId assigneeId) {
            this.assigneeId = Optional.ofNullable(assigneeId);
        }

        public void setActivityId(ActivityId activityId) {
            this.activityId = Optional.ofNullable(activityId);
        }

        public void setType(TaskType type) {
            this.type = Optional.ofNullable(type);
        }

        public void setStatus(TaskStatus status) {
            this.status = Optional.ofNullable(status);
        }

        public void setPriority(TaskPriority priority) {
            this.priority = Optional.ofNullable(priority);
        }

        public void setAttachmentUrls(List<String> attachmentUrls) {
            this.attachmentUrls = Optional.ofNullable(attachmentUrls);
        }

        Optional<String> title() {
            return title;
        }

        Optional<String> description() {
            return description;
        }

        Optional<UserId> assigneeId() {
            return assigneeId;
        }

        Optional<ActivityId> activityId() {
            return activityId;
        }

        Optional<TaskType> type() {
            return type;
        }

        Optional<TaskStatus> status() {
            return status;
        }

        Optional<TaskPriority> priority() {
            return priority;
        }

        Optional<List<String>> attachmentUrls() {
            return attachmentUrls;
        }

        boolean changesDetails() {
            return title != null || description != null || activityId != null || attachmentUrls != null;
        }

        /** Fields that a task cannot be without: sending them as null is a mistake, not a way to clear them. */
        void checkNotCleared(List<FieldProblem> problems) {
            notCleared("title", title, problems);
            notCleared("assigneeId", assigneeId, problems);
            notCleared("type", type, problems);
            notCleared("status", status, problems);
            notCleared("priority", priority, problems);
            if (attachmentUrls != null && attachmentUrls.isEmpty()) {
                problems.add(new FieldProblem("attachmentUrls",
                        "must not be null; send [] to remove every attachment"));
            }
        }

        private static void notCleared(String field, Optional<?> value, List<FieldProblem> problems) {
            if (value != null && value.isEmpty()) {
                problems.add(new FieldProblem(field, "must not be null"));
            }
        }
    }

    /** A null inside a list cannot reach TaskDetails (whose list refuses nulls): it is the client's mistake. */
    static void checkNoNullUrls(List<String> urls, List<FieldProblem> problems) {
        if (urls == null) {
            return;
        }
        for (int i = 0; i < urls.size(); i++) {
            if (urls.get(i) == null) {
                problems.add(new FieldProblem("attachmentUrls[" + i + "]", "must be an absolute http or https URL"));
            }
        }
    }
}
