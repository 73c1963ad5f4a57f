package io.accounttasks.queryside.task;

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

    /** The comments still there, with their task's and account's ids and their author's name. */
    private static final String SELECT = """
            select c.uid, t.uid as task_uid, a.uid as account_uid, c.text, author.uid as author_uid,
                   author.name as author_name, c.created_at, c.edited_at
            from task_comments c
            join tasks t on t.id = c.task_id
            join accounts a on a.id = t.account_id
            join users author on author.id = c.author_id
            where c.task_id = :task and c.deleted_at is null
            """;

    private static final RowMapper<CommentView> COMMENT = (row, n) -> new CommentView(row.getString("uid"),
            row.getString("task_uid"), row.getString("account_uid"), row.getString("text"),
            row.getString("author_uid"), row.getString("author_name"),
            row.getObject("created_at", OffsetDateTime.class), row.getObject("edited_at", OffsetDateTime.class));

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
                jdbc.query(SELECT + " order by c.id limit :limit offset :offset", params, COMMENT),
                paging,
                jdbc.queryForObject("select count(*) from task_comments c where c.task_id = :task "
                        + "and c.deleted_at is null", params, Long.class)));
    }

    /** The comment, if it is one of the task's and is not deleted. */
    Optional<CommentView> find(long taskKey, CommentId commentId) {
        return jdbc.query(SELECT + " and c.uid = :comment",
                new MapSqlParameterSource("task", taskKey).addValue("comment", commentId.value()), COMMENT)
                .stream().findFirst();
    }
}
