package io.accounttasks.queryside;

import io.accounttasks.readmodel.TaskProjection;

import java.util.List;

/** The projections the query side answers from, by name. */
public final class Projections {

    /**
     * The task list and the rows it references (organizations, users, accounts): written in the command side's
     * transactions (TaskProjection, docs/adr/0016). Its replay rebuilds {@code tasks} and {@code task_comments} into
     * fresh tables (docs/adr/0017); the other tables are rewritten in place, so their keys stay and API keys keep
     * working while it runs.
     */
    public static final String TASKS = TaskProjection.NAME;

    /** The per-account task summaries: their own processor, so they can be rebuilt on their own. */
    public static final String ACCOUNT_SUMMARIES = "account-summaries";

    /** Every projection, as {@code /admin/projections} lists them. */
    public static final List<String> ALL = List.of(TASKS, ACCOUNT_SUMMARIES);

    private Projections() {
    }
}
