-- The task workflow's command-side tables (docs/adr/0012).

-- ---- deadlines -------------------------------------------------------------------------------------------------
-- db-scheduler's table, as its PostgreSQL schema defines it: Axon's DbSchedulerDeadlineManager keeps each open
-- task's overdue deadline here, written in the transaction of the event that set it, so it survives restarts and
-- any command-side instance can fire it.
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);

-- ---- the task graph --------------------------------------------------------------------------------------------
-- Every task's account, status and blockers, written by the command side's subscribing handler in the transaction
-- that appends the task's events (as command_accounts and command_users are): what the Task aggregate checks
-- blockers against (same account, no cycle, none open when completing) and what finds the tasks waiting for one
-- that closes.
create table command_tasks (
    task_id         text    primary key,
    organization_id text    not null,
    account_id      text    not null,
    status          text    not null,
    deleted         boolean not null default false,
    blocked_by      text[]  not null default '{}'
);
-- The tasks waiting for a given task: "where blocked_by @> array[:task]" (the operator a GIN index serves).
create index command_tasks_blocked_by on command_tasks using gin (blocked_by);

-- Tasks created before this migration, from their events (Jackson JSON in bytea). None of them has blockers. The
-- fields are read from the payload's text, not parsed as jsonb: PostgreSQL refuses a \u0000 escape anywhere in a
-- document, and one such title (written before the edge refused them) would fail the migration. Jackson writes
-- these fields as plain strings at the top level of every version of the events.
insert into command_tasks (task_id, organization_id, account_id, status, deleted)
select created.aggregateidentifier,
       substring(convert_from(created.payload, 'UTF8') from '"organizationId":"([^"]*)"'),
       substring(convert_from(created.payload, 'UTF8') from '"accountId":"([^"]*)"'),
       coalesce((select substring(convert_from(moved.payload, 'UTF8') from '"to":"([^"]*)"')
                 from domainevententry moved
                 where moved.aggregateidentifier = created.aggregateidentifier
                   and moved.payloadtype = 'io.accounttasks.coreapi.task.TaskEvents$TaskStatusChanged'
                 order by moved.sequencenumber desc
                 limit 1),
                substring(convert_from(created.payload, 'UTF8') from '"status":"([^"]*)"')),
       exists (select 1
               from domainevententry gone
               where gone.aggregateidentifier = created.aggregateidentifier
                 and gone.payloadtype = 'io.accounttasks.coreapi.task.TaskEvents$TaskDeleted')
from domainevententry created
where created.payloadtype = 'io.accounttasks.coreapi.task.TaskEvents$TaskCreated';

grant select, insert, update, delete on scheduled_tasks, command_tasks to account_tasks_command;
