package io.accounttasks.queryside;

import io.accounttasks.readmodel.TaskProjection;

import java.util.List;

/** The projections the query side answers from, by name. */
public final class Projections {

    /**
     * The task list, the rows it references (organizations, users, accounts) and the account summaries: written in
     * the command side's transactions (TaskProjection, docs/adr/0016 and 0020). Its replay rebuilds {@code tasks} and
     * {@code task_comments} into fresh tables (docs/adr/0017); the other tables
     * are rewritten in place, so their keys stay and API keys keep working while it runs, and the summaries are
     * recounted from the new rows.
     */
    public static final String TASKS = TaskProjection.NAME;

    /** Every projection, as {@code /admin/projections} lists them. */
    public static final List<String> ALL = List.of(TASKS);

    private Projections() {
    }
}
