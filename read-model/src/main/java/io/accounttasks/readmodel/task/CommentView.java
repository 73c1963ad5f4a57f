package io.accounttasks.readmodel.task;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.CommentId;
import io.accounttasks.coreapi.task.TaskId;
import java.util.Optional;
import java.time.OffsetDateTime;

/**
 * A comment as API.md answers it: its author by id and by the name the users table has now (events name the
 * author by id only), and {@code editedAt} null if it was never edited. Deleted comments are never answered.
 */
public record CommentView(String id, String taskId, String accountId, String text, String authorId, String author,
                   OffsetDateTime createdAt, OffsetDateTime editedAt) {

    /** Comments with their task's and account's ids and their author; deleted ones are left out by the caller. */
    public static final String SELECT = """
            select c.uid, t.uid as task_uid, a.uid as account_uid, c.text, author.uid as author_uid,
                   author.name as author_name, c.created_at, c.edited_at
            from task_comments c
            join tasks t on t.id = c.task_id
            join accounts a on a.id = t.account_id
            join users author on author.id = c.author_id
            """;

    /** A row of {@link #SELECT}. */
    public static final RowMapper<CommentView> ROW = (row, n) -> new CommentView(row.getString("uid"),
            row.getString("task_uid"), row.getString("account_uid"), row.getString("text"),
            row.getString("author_uid"), row.getString("author_name"),
            row.getObject("created_at", OffsetDateTime.class), row.getObject("edited_at", OffsetDateTime.class));

    /** The comment of that task of the organization, if it is there and not deleted. */
    public static Optional<CommentView> find(NamedParameterJdbcTemplate jdbc, OrganizationId organizationId,
                                             TaskId taskId, CommentId commentId) {
        return jdbc.query(SELECT + """
                        join organizations o on o.id = t.organization_id
                        where c.uid = :comment and t.uid = :task and o.uid = :org and c.deleted_at is null""",
                new MapSqlParameterSource("task", taskId.value()).addValue("org", organizationId.value())
                        .addValue("comment", commentId.value()), ROW).stream().findFirst();
    }
}
