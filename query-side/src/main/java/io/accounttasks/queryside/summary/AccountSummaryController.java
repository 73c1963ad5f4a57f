package io.accounttasks.queryside.summary;

import io.accounttasks.coreapi.NotFoundException;
import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.edge.Caller;
import io.accounttasks.queryside.Projections;
import io.accounttasks.queryside.ReadSnapshot;
import io.accounttasks.queryside.projection.ServedBy;
import io.accounttasks.queryside.summary.AccountSummaryView.LastActivity;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's task summary, as the task projection keeps it in the write (docs/adr/0020). A literal path segment, so
 * Spring prefers it to {@code /tasks/{taskId}}: "summary" is never read as a task id.
 */
@RestController
class AccountSummaryController {

    private record Totals(long total, long open, long done, long overdue, LastActivity lastActivity) {
    }

    private record Count(String dimension, String value, long count) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ReadSnapshot snapshot;

    AccountSummaryController(NamedParameterJdbcTemplate jdbc, ReadSnapshot snapshot) {
        this.jdbc = jdbc;
        this.snapshot = snapshot;
    }

    /** While the projection is rebuilt, its answers say so ({@code X-Projection-Rebuilding}). */
    @ServedBy(Projections.TASKS)
    @GetMapping(path = "/v1/accounts/{accountId}/tasks/summary", produces = MediaType.APPLICATION_JSON_VALUE)
    AccountSummaryView get(Caller caller, @PathVariable AccountId accountId) {
        MapSqlParameterSource params = new MapSqlParameterSource("account", accountId.value())
                .addValue("org", caller.organizationId().value());
        // One snapshot: the totals and the counts come from the same commits of the projector, so they agree.
        return snapshot.read(() -> {
            if (!accountIsTheOrganizations(params)) {
                // Another organization's account is answered exactly like one that does not exist.
                throw new NotFoundException("account " + accountId + " does not exist");
            }
            Totals totals = jdbc.query("""
                            select total, open, done, overdue, last_activity_at, last_event_type, last_task_id,
                                   last_actor_id
                            from account_task_summaries where account_uid = :account and organization_uid = :org""",
                    params, (row, n) -> new Totals(row.getLong("total"), row.getLong("open"), row.getLong("done"),
                            row.getLong("overdue"),
                            new LastActivity(row.getObject("last_activity_at", OffsetDateTime.class),
                                    row.getString("last_event_type"), row.getString("last_task_id"),
                                    row.getString("last_actor_id"))))
                    .stream().findFirst()
                    // No task yet: nothing counted, no activity.
                    .orElse(new Totals(0, 0, 0, 0, null));
            List<Count> counts = jdbc.query("""
                            select dimension, value, count from account_task_counts where account_uid = :account
                            order by dimension, count desc, value""",
                    params, (row, n) -> new Count(row.getString("dimension"), row.getString("value"),
                            row.getLong("count")));
            return new AccountSummaryView(accountId.value(), totals.total(), totals.open(), totals.done(),
                    totals.overdue(),
                    byValue(counts, "status", TaskStatus.values()),
                    byValue(counts, "priority", TaskPriority.values()),
                    byValue(counts, "type", TaskType.values()),
                    byValue(counts, "assignee", new Enum<?>[0]),
                    totals.lastActivity());
        });
    }

    /** The account, checked as the task list checks it: through its organization's row. */
    private boolean accountIsTheOrganizations(MapSqlParameterSource params) {
        return !jdbc.query("""
                        select 1 from accounts a join organizations o on o.id = a.organization_id
                        where a.uid = :account and o.uid = :org""",
                params, (row, n) -> 1).isEmpty();
    }

    /** One dimension's counts: every one of {@code every} (in declaration order, 0 if none), then those counted. */
    private static Map<String, Long> byValue(List<Count> counts, String dimension, Enum<?>[] every) {
        Map<String, Long> byValue = new LinkedHashMap<>();
        for (Enum<?> value : every) {
            byValue.put(value.name(), 0L);
        }
        counts.stream().filter(count -> count.dimension().equals(dimension))
                .forEach(count -> byValue.put(count.value(), count.count()));
        return byValue;
    }
}
