package io.accounttasks.queryside.task;

import io.accounttasks.coreapi.MalformedIdException;
import io.accounttasks.coreapi.task.TaskPriority;
import io.accounttasks.coreapi.task.TaskStatus;
import io.accounttasks.coreapi.task.TaskType;
import io.accounttasks.coreapi.user.UserId;
import io.accounttasks.queryside.InvalidQueryParameter;
import io.accounttasks.queryside.Paging;
import io.accounttasks.queryside.QueryParameters;
import org.springframework.util.MultiValueMap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a task list asks for, read from its query parameters as API.md describes them: the filters may repeat
 * and take comma lists ({@code status=PENDING&status=IN_PROGRESS} or {@code status=PENDING,IN_PROGRESS}); a value
 * the list cannot take answers 400 naming the parameter; parameters it does not know are ignored.
 * <p>
 * The workflow's filters are given at most once each, and null when not given: {@code dueBefore} (exclusive) and
 * {@code dueAfter} (inclusive) are instants read as {@code asOf} is, and {@code overdue} and {@code blocked} are
 * {@code true} or {@code false}.
 */
record TaskListQuery(Set<String> statuses, Set<String> priorities, Set<String> types, Set<String> assigneeIds,
                     Instant dueBefore, Instant dueAfter, Boolean overdue, Boolean blocked,
                     TaskSort sort, boolean includeDeleted, Paging paging) {

    /**
     * The sorts of the list, ties broken by the task's id (its ULID, which a replay keeps, unlike the bigserial key):
     * pages never overlap or skip a task, and a list reads the same after a replay.
     */
    enum TaskSort {
        CREATED_AT("createdAt", "t.created_at asc, t.uid asc"),
        CREATED_AT_DESC("-createdAt", "t.created_at desc, t.uid desc"),
        UPDATED_AT("updatedAt", "t.updated_at asc, t.uid asc"),
        UPDATED_AT_DESC("-updatedAt", "t.updated_at desc, t.uid desc"),
        // The lookup table's ids are the priorities' order (LOW=1 < MEDIUM=2 < HIGH=3); then oldest first.
        PRIORITY("priority", "t.priority_id asc, t.created_at asc, t.uid asc"),
        PRIORITY_DESC("-priority", "t.priority_id desc, t.created_at desc, t.uid desc"),
        // Tasks without a deadline have nothing to be sorted by: last in both directions, then as priority ties.
        DUE_AT("dueAt", "t.due_at asc nulls last, t.created_at asc, t.uid asc"),
        DUE_AT_DESC("-dueAt", "t.due_at desc nulls last, t.created_at desc, t.uid desc");

        final String parameter;
        final String orderBy;

        TaskSort(String parameter, String orderBy) {
            this.parameter = parameter;
            this.orderBy = orderBy;
        }
    }

    static TaskListQuery from(MultiValueMap<String, String> parameters) {
        return new TaskListQuery(
                names("status", parameters, TaskStatus.values()),
                names("priority", parameters, TaskPriority.values()),
                names("type", parameters, TaskType.values()),
                values("assigneeId", parameters, TaskListQuery::userId),
                deadlineBound(QueryParameters.instant("dueBefore", single("dueBefore", parameters))),
                deadlineBound(QueryParameters.instant("dueAfter", single("dueAfter", parameters))),
                QueryParameters.flag("overdue", single("overdue", parameters)),
                QueryParameters.flag("blocked", single("blocked", parameters)),
                sort(single("sort", parameters)),
                Boolean.TRUE.equals(QueryParameters.flag("includeDeleted", single("includeDeleted", parameters))),
                Paging.of(single("page", parameters), single("limit", parameters)));
    }

    /** Deadlines lie in the years 1970 to 9999 (the command side refuses others). */
    private static final Instant FIRST_DEADLINE = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant AFTER_LAST_DEADLINE = Instant.parse("+10000-01-01T00:00:00Z");

    /**
     * A bound of the deadlines' range brought into it: one outside selects exactly what the nearest inside does
     * (all deadlines or none), and PostgreSQL's timestamps cannot hold every instant Java reads (a bound in the
     * year 300000 was a 500).
     */
    private static Instant deadlineBound(Instant bound) {
        if (bound == null) {
            return null;
        }
        return bound.isBefore(FIRST_DEADLINE) ? FIRST_DEADLINE
                : bound.isAfter(AFTER_LAST_DEADLINE) ? AFTER_LAST_DEADLINE : bound;
    }

    private static Set<String> names(String parameter, MultiValueMap<String, String> parameters, Enum<?>[] known) {
        Set<String> names = Arrays.stream(known).map(Enum::name).collect(Collectors.toSet());
        return values(parameter, parameters, value -> {
            if (!names.contains(value)) {
                throw new InvalidQueryParameter(parameter, "'" + InvalidQueryParameter.shown(value) + "' is not one of "
                        + Arrays.stream(known).map(Enum::name).collect(Collectors.joining(", ")));
            }
            return value;
        });
    }

    private static String userId(String value) {
        try {
            return new UserId(value).value();
        } catch (MalformedIdException e) {
            throw new InvalidQueryParameter("assigneeId", e.getMessage());
        }
    }

    /**
     * Every value of a parameter, repeated or comma-separated, each exactly as the document's pattern has it: an
     * empty one ({@code status=}, {@code status=PENDING,}) is refused, as the document refuses it.
     */
    private static Set<String> values(String parameter, MultiValueMap<String, String> parameters,
                                      Function<String, String> check) {
        Set<String> values = new LinkedHashSet<>();
        for (String given : parameters.getOrDefault(parameter, List.of())) {
            for (String value : given.split(",", -1)) {
                if (value.isEmpty()) {
                    throw new InvalidQueryParameter(parameter, "must not be empty; leave it out to filter nothing");
                }
                values.add(check.apply(value));
            }
        }
        return values;
    }

    private static String single(String parameter, MultiValueMap<String, String> parameters) {
        List<String> given = parameters.getOrDefault(parameter, List.of());
        if (given.size() > 1) {
            throw new InvalidQueryParameter(parameter, "must be given at most once");
        }
        return given.isEmpty() ? null : given.get(0);
    }

    private static TaskSort sort(String value) {
        if (value == null) {
            return TaskSort.CREATED_AT_DESC;
        }
        List<String> known = new ArrayList<>();
        for (TaskSort sort : TaskSort.values()) {
            if (sort.parameter.equals(value)) {
                return sort;
            }
            known.add(sort.parameter);
        }
        throw new InvalidQueryParameter("sort", "'" + InvalidQueryParameter.shown(value) + "' is not one of "
                + String.join(", ", known));
    }
}
