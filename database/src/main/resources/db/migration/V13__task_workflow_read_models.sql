-- The task workflow in the query side's read models (docs/adr/0012). Tasks projected before this migration had
-- none of it, so the defaults are what their events say.

alter table tasks
    add column due_at       timestamptz,
    add column overdue      boolean not null default false,
    add column blocked_by   text[]  not null default '{}',
    add column blocked      boolean not null default false,
    add column outcome      text,
    add column follow_up_of text,
    add column follow_ups   text[]  not null default '{}';
-- The dueAt sorts and the dueBefore/dueAfter filters, led by the account as the other sorts are, with the sorts'
-- tie-break (created_at, id), as tasks_by_account_priority has it.
create index tasks_by_account_due on tasks (account_id, due_at, created_at, id);

-- A task's comments. version is the task's version after the comment's last event: a redelivered or older event
-- changes nothing. A deleted comment keeps its row (deleted_at), so a redelivered TaskCommentAdded finds it.
create table task_comments (
    id         bigserial   primary key,
    uid        text        not null unique,
    task_id    bigint      not null references tasks (id),
    author_id  bigint      not null references users (id),
    text       text,
    created_at timestamptz not null,
    edited_at  timestamptz,
    deleted_at timestamptz,
    version    bigint      not null
);
create index task_comments_by_task on task_comments (task_id, id);

-- The account summaries count overdue tasks: open, not deleted, past their deadline.
alter table account_summary_tasks add column overdue boolean not null default false;
alter table account_task_summaries add column overdue bigint not null default 0;
-- TaskBecameOverdue has no actor: the newest activity may be one.
alter table account_task_summaries alter column last_actor_id drop not null;

grant select, insert, update, delete, truncate on task_comments to account_tasks_query;
grant usage on sequence task_comments_id_seq to account_tasks_query;
