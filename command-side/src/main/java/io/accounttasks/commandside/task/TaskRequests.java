package io.accounttasks.commandside.task;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.accounttasks.coreapi.FieldProblem;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.task.ActivityId;
import io.accounttasks.coreapi.task.TaskDetails;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.edge.NotNullWhenPresent;
import io.accounttasks.coreapi.user.UserId;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The bodies of the task writes, as the contract names their fields. */
final class TaskRequests {

    private TaskRequests() {
    }

    /**
     * {@code POST /v1/accounts/{accountId}/tasks}; {@code accountId} may repeat the path's, nothing else.
     * {@code dueAt} is taken as text and parsed here ({@link #dueAt}), so a malformed one gets our message.
     */
    record CreateTaskRequest(String title, UserId assigneeId, ActivityId activityId, String description,
                             @JsonDeserialize(using = NotNullWhenPresent.class) TaskType type,
                             @JsonDeserialize(using = NotNullWhenPresent.class) TaskStatus status,
                             @JsonDeserialize(using = NotNullWhenPresent.class) TaskPriority priority,
                             List<String> attachmentUrls,
                             @JsonDeserialize(using = NotNullWhenPresent.class) AccountId accountId,
                             String dueAt, List<TaskId> blockedBy) {
    }

    /**
     * The fields of a task that a PATCH changes and a follow-up overrides, each with three states. A field left
     * out is null here (unchanged, or the follow-up's default); a field sent as JSON null is an empty Optional
     * (cleared, where that is allowed), except the two lists, for which null is left out; a field with a value
     * holds it. A class with setters, not a record: Jackson
     * calls a setter only for a field that is in the body, which is how absent and null are told apart. Types,
     * enum values and unknown fields are still checked by Jackson (and answered by service-edge).
     */
    static class TaskFields {

        private Optional<String> title;
        private Optional<String> description;
        private Optional<UserId> assigneeId;
        private Optional<ActivityId> activityId;
        private Optional<TaskType> type;
        private Optional<TaskStatus> status;
        private Optional<TaskPriority> priority;
        private Optional<List<String>> attachmentUrls;
        private Optional<String> dueAt;
        private Optional<List<TaskId>> blockedBy;
        /** {@link #dueAt} parsed by {@link #check}. */
        private Instant parsedDueAt;

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

        /**
         * A null list is as if left out (openapi.yaml has it nullable): a generated client that sends null for a list
         * it never set must not wipe it; {@code []} is how the lists are emptied.
         */
        public void setAttachmentUrls(List<String> attachmentUrls) {
            this.attachmentUrls = attachmentUrls == null ? null : Optional.of(attachmentUrls);
        }

        public void setDueAt(String dueAt) {
            this.dueAt = Optional.ofNullable(dueAt);
        }

        /** Null is as if left out, as for {@link #setAttachmentUrls}. */
        public void setBlockedBy(List<TaskId> blockedBy) {
            this.blockedBy = blockedBy == null ? null : Optional.of(blockedBy);
        }

        Optional<UserId> assigneeId() {
            return assigneeId;
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

        /** Null when the body has no dueAt; otherwise present, and the date is {@link #parsedDueAt} (null: none). */
        Optional<String> dueAt() {
            return dueAt;
        }

        /** The dueAt sent, to the millisecond; null when it was null (no deadline) or left out. */
        Instant parsedDueAt() {
            return parsedDueAt;
        }

        Optional<List<TaskId>> blockedBy() {
            return blockedBy;
        }

        boolean changesDetails() {
            return title != null || description != null || activityId != null || attachmentUrls != null;
        }

        /** The details with the fields this body names put in: null clears the description and the activity. */
        TaskDetails mergeInto(TaskDetails current) {
            return new TaskDetails(
                    title != null ? title.orElse(null) : current.title(),
                    description != null ? description.orElse(null) : current.description(),
                    activityId != null ? activityId.orElse(null) : current.activityId(),
                    attachmentUrls != null ? attachmentUrls.orElse(null) : current.attachmentUrls());
        }

        /**
         * What the body gets wrong on its own, before any task is looked at: fields a task cannot be without sent
         * as null (a mistake, not a way to clear them), nulls in the URLs, a dueAt that is no date-time. The lists
         * sent as null are not among them: null leaves them as they are.
         */
        void check(List<FieldProblem> problems) {
            notCleared("title", title, problems);
            notCleared("assigneeId", assigneeId, problems);
            notCleared("type", type, problems);
            notCleared("status", status, problems);
            notCleared("priority", priority, problems);
            if (attachmentUrls != null) {
                checkNoNullUrls(attachmentUrls.get(), problems);
            }
            if (dueAt != null) {
                parsedDueAt = TaskRequests.dueAt(dueAt.orElse(null), problems);
            }
        }

        private static void notCleared(String field, Optional<?> value, List<FieldProblem> problems) {
            if (value != null && value.isEmpty()) {
                problems.add(new FieldProblem(field, "must not be null"));
            }
        }
    }

    /**
     * {@code PATCH /v1/accounts/{accountId}/tasks/{taskId}}: the task's fields, and {@code outcome}, which only a
     * move to COMPLETED may carry (the Task aggregate's rule). A null outcome is no outcome.
     */
    static final class PatchTaskRequest extends TaskFields {

        private String outcome;

        public void setOutcome(String outcome) {
            this.outcome = outcome;
        }

        String outcome() {
            return outcome;
        }
    }

    /**
     * {@code POST /v1/accounts/{accountId}/tasks/{taskId}/follow-ups}: what the follow-up should have other than
     * the defaults it takes from the original (FollowUps). An absent body is an empty one.
     */
    static final class FollowUpRequest extends TaskFields {
    }

    /** {@code POST} and {@code PATCH} of a comment. */
    record CommentRequest(String text) {
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

    /**
     * A deadline as the contract takes it: an ISO-8601 date-time with an offset, kept to the millisecond (what
     * every consumer's date type holds). Null is none; text that is not one adds a problem and answers null. Which
     * years are allowed is the aggregate's rule.
     */
    static Instant dueAt(String text, List<FieldProblem> problems) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem("dueAt", "must be an ISO-8601 date-time with an offset, such as "
                    + "2030-03-01T17:00:00Z or 2030-03-01T18:00:00+01:00"));
            return null;
        }
    }
}
