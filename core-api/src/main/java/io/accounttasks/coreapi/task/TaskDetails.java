package io.accounttasks.coreapi.task;

import java.util.List;

/**
 * The free-form part of a task, changed together by {@code ChangeTaskDetails}. Events carry it whole, before and
 * after, so an auditor sees old and new values without replaying anything.
 */
public record TaskDetails(String title, String description, ActivityId activityId, List<String> attachmentUrls) {

    public TaskDetails {
        attachmentUrls = attachmentUrls == null ? List.of() : List.copyOf(attachmentUrls);
    }
}
