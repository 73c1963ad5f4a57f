-- The task projection (organizations, users, accounts, tasks, task comments) runs in the command side's unit of
-- work, in the same transaction as the events it projects (docs/adr/0016): a write answers with the row a GET
-- will show, in one hop. So the command side's group now writes the read model, which it never deletes from.
grant select, insert, update on organizations, users, accounts, tasks, task_comments to account_tasks_command;
grant usage on sequence organizations_id_seq, users_id_seq, accounts_id_seq, tasks_id_seq, task_comments_id_seq
    to account_tasks_command;
grant select on task_types, task_statuses, task_priorities to account_tasks_command;

-- Each account's number of tasks, kept by the same projection in the same transaction as the rows it counts, so
-- that a list's total costs one keyed read however big the account is (issue 15). deleted_tasks counts the
-- soft-deleted ones: a list without includeDeleted shows all_tasks - deleted_tasks.
create table account_task_totals (
    account_id    bigint primary key references accounts (id),
    all_tasks     bigint not null default 0,
    deleted_tasks bigint not null default 0
);
insert into account_task_totals (account_id, all_tasks, deleted_tasks)
select account_id, count(*), count(deleted_at) from tasks group by account_id;

grant select, insert, update on account_task_totals to account_tasks_command;
grant select, insert, update, delete, truncate on account_task_totals to account_tasks_query;
