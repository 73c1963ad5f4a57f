package io.accounttasks.queryside.task.history;

import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.edge.Caller;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A task's audit trail: every event, oldest first, as a plain JSON array (a task has tens of events, not
 * thousands, so it is not paged). Deleted tasks keep their history; a task of another organization or account
 * is answered exactly like one that does not exist, as GET of the task does.
 */
@RestController
class TaskHistoryController {

    private final TaskTimelines timelines;
    private final NamedParameterJdbcTemplate jdbc;

    TaskHistoryController(TaskTimelines timelines, NamedParameterJdbcTemplate jdbc) {
        this.timelines = timelines;
        this.jdbc = jdbc;
    }

    @GetMapping(path = "/v1/accounts/{accountId}/tasks/{taskId}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    List<HistoryEntry> history(Caller caller, @PathVariable AccountId accountId, @PathVariable TaskId taskId) {
        TaskTimeline timeline = timelines.read(caller.organizationId(), accountId, taskId)
                .orElseThrow(() -> new NotFoundException("task " + taskId + " does not exist in account "
                        + accountId));
        Map<String, String> names = namesOf(caller.organizationId(), timeline.steps().stream()
                .map(step -> HistoryEntry.actorIdOf(step.event())).filter(Objects::nonNull)
                .collect(Collectors.toSet()));
        return timeline.steps().stream()
                // No actor (TaskBecameOverdue), no name.
                .map(step -> HistoryEntry.of(step, names.get(HistoryEntry.actorIdOf(step.event()))))
                .toList();
    }

    /**
     * The actors' names as the users table has them now (events name the actor by id only). Looked up within the
     * caller's organization, so a name of another organization can never be shown.
     */
    private Map<String, String> namesOf(OrganizationId organizationId, Set<String> userIds) {
        Map<String, String> names = new HashMap<>();
        jdbc.query("""
                        select u.uid, u.name from users u join organizations o on o.id = u.organization_id
                        where o.uid = :org and u.uid in (:users)""",
                new MapSqlParameterSource("org", organizationId.value()).addValue("users", userIds),
                row -> {
                    names.put(row.getString("uid"), row.getString("name"));
                });
        return names;
    }
}
