package io.accounttasks.queryside.task;

import io.accounttasks.readmodel.task.CommentView;
import io.accounttasks.coreapi.task.CommentId;
import io.accounttasks.queryside.ListPage;
import io.accounttasks.queryside.Paging;
import io.accounttasks.queryside.ReadSnapshot;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The comments of one task, by the task's key: the caller found the task (of its organization and that account,
 * not deleted) first. A deleted comment keeps its row for the projector's redeliveries, and is never read here.
 */
@Component
class TaskComments {

    /** The task's comments still there. */
    private static final String SELECT = CommentView.SELECT + " where c.task_id = :task and c.deleted_at is null";

    private final NamedParameterJdbcTemplate jdbc;
    private final ReadSnapshot snapshot;

    TaskComments(NamedParameterJdbcTemplate jdbc, ReadSnapshot snapshot) {
        this.jdbc = jdbc;
        this.snapshot = snapshot;
    }

    /**
     * One page of the task's comments, oldest first, and how many there are, read in one snapshot so they agree.
     * Oldest first is the order of the key: a task's events are projected in their order (one segment per
     * organization, live and on a replay), so its comments' rows are inserted in the order they were made, even
     * within one millisecond, and the task's index (task_id, id) serves the page.
     */
    ListPage<CommentView> list(long taskKey, Paging paging) {
        MapSqlParameterSource params = new MapSqlParameterSource("task", taskKey)
                .addValue("limit", paging.limit())
                .addValue("offset", paging.offset());
        return snapshot.read(() -> ListPage.of(
                jdbc.query(SELECT + " order by c.id limit :limit offset :offset", params, CommentView.ROW),
                paging,
                jdbc.queryForObject("select count(*) from task_comments c where c.task_id = :task "
                        + "and c.deleted_at is null", params, Long.class)));
    }

    /** The comment, if it is one of the task's and is not deleted. */
    Optional<CommentView> find(long taskKey, CommentId commentId) {
        return jdbc.query(SELECT + " and c.uid = :comment",
                new MapSqlParameterSource("task", taskKey).addValue("comment", commentId.value()), CommentView.ROW)
                .stream().findFirst();
    }
}
