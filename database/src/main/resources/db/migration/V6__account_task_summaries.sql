-- The account-summaries projection: per account, how many tasks it has by status, priority, type and assignee,
-- and its newest task activity. Counts are kept up to date by the projector, never computed at read time.
-- Ids are the messages' uids as text, with no references to the tasks projection's tables: this projection is
-- replayed on its own, and its reset empties exactly these three tables.

-- The projector's own state of every task it has counted: events such as TaskDeleted do not carry the values the
-- task had, which are what its counts must lose. A deleted task keeps its row (deleted = true), so a redelivered
-- TaskCreated finds it and counts nothing twice.
create table account_summary_tasks (
    task_uid         text    primary key,
    organization_uid text    not null,
    account_uid      text    not null,
    status           text    not null,
    priority         text    not null,
    type             text    not null,
    assignee_uid     text    not null,
    deleted          boolean not null default false,
    -- The sequence number of the task's last event applied here: older and redelivered events change nothing.
    version          bigint  not null
);

-- One row per account that has had a task. total/open/done count tasks not deleted; open is PENDING or
-- IN_PROGRESS, done is COMPLETED or CANCELLED. The newest activity is the task event with the latest
-- (timestamp, task, version): an order that does not depend on the order in which the events were projected, so a
-- replay writes the same row.
-- The projector adds signed differences with an upsert, and PostgreSQL checks the proposed row (a -1) before it
-- finds the conflict: so the counters have no check (>= 0).
create table account_task_summaries (
    account_uid       text        primary key,
    organization_uid  text        not null,
    total             bigint      not null,
    open              bigint      not null,
    done              bigint      not null,
    last_activity_at  timestamptz not null,
    last_event_type   text        not null,
    last_task_id      text        not null,
    last_task_version bigint      not null,
    last_actor_id     text        not null
);

-- An account's tasks not deleted, counted by one value of one dimension; a count that drops to 0 is removed, so
-- the assignees listed are those that have tasks (no check on count either, for the same reason as above).
create table account_task_counts (
    account_uid text   not null,
    dimension   text   not null check (dimension in ('status', 'priority', 'type', 'assignee')),
    value       text   not null,
    count       bigint not null,
    primary key (account_uid, dimension, value)
);
