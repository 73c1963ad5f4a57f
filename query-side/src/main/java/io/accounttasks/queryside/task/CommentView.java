package io.accounttasks.queryside.task;

import java.time.OffsetDateTime;

/**
 * A comment as API.md answers it: its author by id and by the name the users table has now (events name the
 * author by id only), and {@code editedAt} null if it was never edited. Deleted comments are never answered.
 */
record CommentView(String id, String taskId, String accountId, String text, String authorId, String author,
                   OffsetDateTime createdAt, OffsetDateTime editedAt) {
}
