package io.accounttasks.queryside.projection;

/**
 * Where a projection stands, as {@code GET /admin/projections} shows it.
 *
 * @param position   the global index of the event store the projection has applied up to (the newest one);
 *                   while {@code tasks} is rebuilt into fresh tables, the events folded so far
 * @param lag        how many events behind it is: the distance from its position to the newest global index
 *                   (which also counts the few indexes rolled-back writes left unused); while {@code tasks} is
 *                   rebuilt, the events it has still to fold
 * @param lagSeconds how old the oldest event it has not applied is (0 when none)
 * @param replaying  whether a replay is running
 * @param progress   how far the replay has come, in percent of the events there were when it started (100
 *                   when no replay runs)
 * @param segments   how many segments the projection's stream is split into: 1, as it is written with the events it
 *                   projects (kept in the answer for the clients that read it)
 */
public record ProjectionStatus(String name, long position, long lag, double lagSeconds, boolean replaying,
                               double progress, int segments) {
}
