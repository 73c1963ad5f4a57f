package io.accounttasks.queryside;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** What every projector shares: its processor's name and how an event's time is stored. */
public final class Projections {

    /**
     * The one processing group (and pooled streaming processor) of every read model. One group, not one per
     * table: a task row references its account's and users' rows, which must be applied before it.
     */
    public static final String GROUP = "projections";

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
}
