package io.accounttasks.queryside;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** What every projector shares: its processor's name and how an event's time is stored. */
public final class Projections {

    /**
     * The processing group (a pooled streaming processor) of the task list and of the rows it references:
     * organizations, users and accounts. One group, not one per table: a task row references its account's and
     * users' rows, which must be applied before it. Its replay rebuilds {@code tasks} and {@code task_comments} into
     * fresh tables (docs/adr/0017); the other tables are rewritten in place, so their keys stay and API keys keep
     * working while it runs.
     */
    public static final String TASKS = "tasks";

    /** The per-account task summaries: their own processor, so they can be rebuilt on their own. */
    public static final String ACCOUNT_SUMMARIES = "account-summaries";

    /** Every projection, as {@code /admin/projections} lists them. */
    public static final List<String> ALL = List.of(TASKS, ACCOUNT_SUMMARIES);

    private Projections() {
    }

    /**
     * An event's timestamp as a {@code timestamptz} value. Axon's JDBC engine stores event times to the
     * millisecond, so that is what a row shows; the cut to microseconds (PostgreSQL's precision) only matters for
     * an event still in memory, and makes its row exactly the row a replay will make, without server rounding.
     */
    public static OffsetDateTime timeOf(Instant timestamp) {
        return timestamp.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /**
     * An instant a task holds (its deadline) as a {@code timestamptz} value and as answered: stored and shown as
     * an event's time is, so the row, time travel and the history show the same value; null stays null.
     */
    public static OffsetDateTime timeOrNull(Instant instant) {
        return instant == null ? null : timeOf(instant);
    }
}
